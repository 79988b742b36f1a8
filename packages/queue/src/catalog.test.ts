import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Queue } from 'bullmq';
import { JOB_CATALOG, createJobsQueue, enqueueRunJob, parsePayload } from './catalog.js';
import { redisConnectionOptions } from './connection.js';
import { QueueError } from './errors.js';

describe('job catalog', () => {
  it('validates run payloads: ids only', () => {
    expect(parsePayload('job.run', { jobId: 7 })).toEqual({ jobId: 7 });
    for (const bad of [{}, { jobId: '7' }, { jobId: 0 }, { jobId: 1.5 }, { jobId: 7, password: 'x' }, null]) {
      expect(() => parsePayload('job.run', bad)).toThrow(QueueError);
    }
  });

  it('derives the BullMQ job id from the drover job id (BullMQ rejects integer ids)', () => {
    expect(JOB_CATALOG['job.run'].bullJobId({ jobId: 42 })).toBe('job-42');
  });

  describe('against Redis', () => {
    let queue: Queue | undefined;
    afterEach(async () => {
      await queue?.obliterate({ force: true });
      await queue?.close();
    });

    it('enqueues a job once however often it is added', async () => {
      queue = createJobsQueue({ connection: redisConnectionOptions(), prefix: `test-${randomUUID()}` });
      await enqueueRunJob(queue, 42);
      await enqueueRunJob(queue, 42);
      await enqueueRunJob(queue, 43);
      const jobs = await queue.getJobs(['waiting']);
      expect(jobs.map((j) => [j.id, j.name, j.data]).sort()).toEqual([
        ['job-42', 'job.run', { jobId: 42 }],
        ['job-43', 'job.run', { jobId: 43 }],
      ]);
      expect(jobs[0]?.opts.attempts).toBe(1);
    });
  });
});
