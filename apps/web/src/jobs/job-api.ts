/** REST calls of the job screens (on top of api/client). */
import { api, type Page, type Query } from '../api/client';
import type { HostSummary, Job, JobEventRow } from './job-types';

export function getJob(id: number, signal?: AbortSignal): Promise<Job> {
  return api.get<Job>(`/jobs/${id}`, undefined, signal);
}

export function listJobs(query: Query, signal?: AbortSignal): Promise<Page<Job>> {
  return api.get<Page<Job>>('/jobs', query, signal);
}

export function cancelJob(id: number): Promise<Job> {
  return api.post<Job>(`/jobs/${id}/cancel`);
}

/** Relaunch on all hosts or only the failed/unreachable ones; resolves to the new job. */
export function relaunchJob(id: number, hosts: 'all' | 'failed'): Promise<Job> {
  return api.post<Job>(`/jobs/${id}/relaunch`, { hosts });
}

export async function getHostSummaries(id: number, signal?: AbortSignal): Promise<HostSummary[]> {
  const out: HostSummary[] = [];
  let page = 1;
  for (;;) {
    const p = await api.get<Page<HostSummary>>(`/jobs/${id}/job_host_summaries`, { page, page_size: 200 }, signal);
    out.push(...p.results);
    if (!p.next || p.results.length === 0) return out;
    page++;
  }
}

export const EVENT_PAGE_LIMIT = 1000;

/**
 * Every stored event after `after` (exclusive), keyset-paged by counter (?counter__gt=&limit=), page by
 * page to `onPage`. Resolves to the last counter seen.
 */
export async function loadStoredEvents(jobId: number, after: number, onPage: (events: JobEventRow[]) => void, signal?: AbortSignal): Promise<number> {
  let last = after;
  let next: string | null = `/jobs/${jobId}/job_events?counter__gt=${after}&limit=${EVENT_PAGE_LIMIT}`;
  while (next) {
    const page: Page<JobEventRow> = await api.get<Page<JobEventRow>>(next, undefined, signal);
    const fresh = page.results.filter((e) => e.counter > last);
    if (fresh.length) {
      last = fresh[fresh.length - 1]!.counter;
      onPage(fresh);
    }
    next = page.results.length ? page.next : null;
  }
  return last;
}
