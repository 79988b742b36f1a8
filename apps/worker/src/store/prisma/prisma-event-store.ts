import type { PrismaClient } from '@drover/db';
import type { EventRow, EventStore, HostSummaryRow } from '../ports.js';

/**
 * One raw statement per batch (one round trip, atomic; measured several times faster than
 * createMany + upserts): the events through unnest() with ON CONFLICT ("jobId", counter) DO NOTHING,
 * the host summaries as absolute values with ON CONFLICT ("jobId", "hostName") DO UPDATE, and
 * Job.eventsEmitted raised.
 */
const WRITE_SQL = `
WITH ev AS (
  INSERT INTO job_events ("jobId", counter, uuid, "parentUuid", event, "eventData", host, play, task, role, changed, failed,
                          stdout, "startLine", "endLine", created)
  SELECT $1, t.counter, t.uuid, t.parent, t.event, t.data::jsonb, t.host, t.play, t.task, t.role, t.changed, t.failed,
         t.stdout, t.start_line, t.end_line, t.created::timestamptz
  FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
              $11::bool[], $12::bool[], $13::text[], $14::int[], $15::int[], $16::text[])
       AS t(counter, uuid, parent, event, data, host, play, task, role, changed, failed, stdout, start_line, end_line, created)
  ON CONFLICT ("jobId", counter) DO NOTHING
  RETURNING 1
), hs AS (
  INSERT INTO job_host_summaries ("jobId", "hostName", ok, changed, dark, failures, skipped, rescued, ignored, failed)
  SELECT $1, s.* FROM unnest($17::text[], $18::int[], $19::int[], $20::int[], $21::int[], $22::int[], $23::int[], $24::int[], $25::bool[])
       AS s(host_name, ok, changed, dark, failures, skipped, rescued, ignored, failed)
  ON CONFLICT ("jobId", "hostName") DO UPDATE SET ok = EXCLUDED.ok, changed = EXCLUDED.changed, dark = EXCLUDED.dark,
    failures = EXCLUDED.failures, skipped = EXCLUDED.skipped, rescued = EXCLUDED.rescued, ignored = EXCLUDED.ignored,
    failed = EXCLUDED.failed
  RETURNING 1
), j AS (
  UPDATE jobs SET "eventsEmitted" = GREATEST("eventsEmitted", $26) WHERE id = $1 RETURNING 1
)
SELECT (SELECT count(*) FROM ev)::int AS inserted`;

/** PostgreSQL text and jsonb cannot hold U+0000 (command output sometimes does): stored as U+FFFD. */
function noNul(_key: string, v: unknown): unknown {
  return typeof v === 'string' && v.includes('\0') ? v.replaceAll('\0', '\uFFFD') : v;
}

/** EventStore over @drover/db's Prisma client. */
export class PrismaEventStore implements EventStore {
  constructor(private readonly prisma: PrismaClient) {}

  async writeEvents(jobId: number, events: readonly EventRow[], summaries: readonly HostSummaryRow[], eventsEmitted: number): Promise<void> {
    const col = <K extends keyof EventRow>(k: K) => events.map((e) => e[k]);
    const scol = <K extends keyof HostSummaryRow>(k: K) => summaries.map((s) => s[k]);
    await this.prisma.$queryRawUnsafe(
      WRITE_SQL,
      jobId,
      col('counter'),
      col('uuid'),
      col('parentUuid'),
      col('event'),
      events.map((e) => JSON.stringify(e.eventData, noNul)),
      col('host'),
      col('play'),
      col('task'),
      col('role'),
      col('changed'),
      col('failed'),
      events.map((e) => noNul('', e.stdout) as string),
      col('startLine'),
      col('endLine'),
      col('created'),
      scol('hostName'),
      scol('ok'),
      scol('changed'),
      scol('dark'),
      scol('failures'),
      scol('skipped'),
      scol('rescued'),
      scol('ignored'),
      scol('failed'),
      eventsEmitted,
    );
  }
}
