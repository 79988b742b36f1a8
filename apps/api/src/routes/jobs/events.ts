/** Job event queries: the filters of /jobs/:id/job_events, and the job's whole stdout as a stream. */
import type { PrismaClient } from '@drover/db';
import { invalid } from '../../errors.js';
import { parseListQuery, type ListSpec } from '../../lib/list-query.js';

export const EVENT_LIST: ListSpec = {
  fields: {
    counter: { type: 'int' },
    event: { type: 'string' },
    host: { type: 'string' },
    host_name: { type: 'string', column: 'host' },
    changed: { type: 'bool' },
    failed: { type: 'bool' },
    task: { type: 'string' },
    play: { type: 'string' },
    role: { type: 'string' },
    uuid: { type: 'string' },
    parent_uuid: { type: 'string', column: 'parentUuid' },
    created: { type: 'date' },
    stdout: { type: 'string' },
  },
  defaultOrder: 'counter',
};

/** The Prisma where of an event query (`limit` and `count` are paging, not filters). */
export function eventsWhere(query: Record<string, unknown>, opts: { keyset?: boolean } = {}): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    if (k === 'limit' || k === 'count' || k === 'no_truncate') continue;
    if (opts.keyset === false && /^counter__(gt|gte)$/.test(k)) continue;
    filters[k] = v;
  }
  if ('page' in filters || 'page_size' in filters) throw invalid({ page: 'job events are keyset-paged: use counter__gt and limit' });
  return parseListQuery(filters, EVENT_LIST, { paged: false }).where;
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

/** The job's stdout, event by event in counter order, read in batches (no size cap). */
export async function* streamStdout(db: PrismaClient, jobId: number, ansi: boolean): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const batch = await db.jobEvent.findMany({
      where: { jobId, counter: { gt: after } },
      orderBy: { counter: 'asc' },
      take: 1000,
      select: { counter: true, stdout: true },
    });
    if (batch.length === 0) return;
    let chunk = '';
    for (const e of batch) chunk += e.stdout;
    if (chunk) yield ansi ? chunk : stripAnsi(chunk);
    after = batch[batch.length - 1]!.counter;
  }
}
