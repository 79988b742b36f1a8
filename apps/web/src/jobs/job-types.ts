/** The REST shapes of jobs (see /api/v1 OpenAPI: Job, JobEvent, job_host_summaries). */
import type { LiveJobEvent } from '@drover/events';
import type { RelatedRef } from '../components/resource-types';

export const JOB_STATUSES = ['new', 'pending', 'waiting', 'running', 'successful', 'failed', 'error', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface Job {
  id: number;
  name: string;
  job_template: number | null;
  project: number | null;
  inventory: number | null;
  credential: number | null;
  created_by: number | null;
  status: string;
  failed: boolean;
  launch_type: string;
  playbook: string;
  limit: string;
  job_type: string;
  force_handlers: boolean;
  verbosity: number;
  created: string;
  started: string | null;
  finished: string | null;
  elapsed: number;
  job_explanation: string;
  result_traceback: string;
  cancel_requested: boolean;
  events_emitted: number;
  relaunch_of: number | null;
  /** The names of the job's template, project, inventory and credential (null: none, or gone); on GET /jobs/:id also what the caller may do. Cancel answers leave it out. */
  summary_fields?: {
    user_capabilities?: { cancel?: boolean; relaunch?: boolean };
    job_template?: RelatedRef | null;
    project?: RelatedRef | null;
    inventory?: RelatedRef | null;
    credential?: RelatedRef | null;
  };
}

/** A stored event row: the live protocol's event plus its id and type. */
export type JobEventRow = LiveJobEvent & { id?: number; type?: string };

export interface HostSummary {
  id: number;
  job: number;
  host_name: string;
  ok: number;
  changed: number;
  dark: number;
  failures: number;
  skipped: number;
  rescued: number;
  ignored: number;
  failed: boolean;
}

const ACTIVE = new Set(['new', 'pending', 'waiting', 'running']);

/** Whether a job in this status may still change (and be canceled). */
export function isActiveStatus(status: string): boolean {
  return ACTIVE.has(status);
}

const STATUS_RANK: Record<string, number> = { new: 0, pending: 1, waiting: 2, running: 3 };

/**
 * The later of two reports of a job's status (statuses only move forward: new, pending, waiting,
 * running, then an end state), so a stale answer that arrives late never moves the page back.
 */
export function laterStatus(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return (STATUS_RANK[b] ?? 4) > (STATUS_RANK[a] ?? 4) ? b : a;
}
