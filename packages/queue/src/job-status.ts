import { z } from 'zod';

/** AWX's unified job status; the same literals as the Prisma enum `JobStatus` in @drover/db. */
export const JOB_STATUSES = ['new', 'pending', 'waiting', 'running', 'successful', 'failed', 'error', 'canceled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;
