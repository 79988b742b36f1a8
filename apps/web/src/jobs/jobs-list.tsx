/**
 * The jobs list (/jobs): paged (?page=), filtered by status (?status=) and searched (?search=), newest
 * first; statuses update live (watchJobStatuses), and a job that appears while page 1 is shown reloads it.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiRequestError, type Page } from '../api/client';
import { watchJobStatuses } from '../api/live';
import { ErrorText } from '../components/error-text';
import { TableHead } from '../components/table-head';
import { formatElapsed, formatTime } from './elapsed';
import { FilterSelect } from './filter-select';
import { listJobs } from './job-api';
import { JOB_STATUSES, type Job } from './job-types';
import { StatusBadge } from './status-badge';

export const JOBS_PAGE_SIZE = 25;

export function JobsListPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const status = params.get('status') ?? '';
  const search = params.get('search') ?? '';
  const [data, setData] = useState<Page<Job> | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [reload, setReload] = useState(0);
  const [searchText, setSearchText] = useState(search);
  const known = useRef(new Set<number>());

  useEffect(() => setSearchText(search), [search]);

  useEffect(() => {
    const ctl = new AbortController();
    listJobs({ page, page_size: JOBS_PAGE_SIZE, order_by: '-id', status: status || undefined, search: search || undefined }, ctl.signal).then(
      (p) => {
        known.current = new Set(p.results.map((j) => j.id));
        setData(p);
        setError(undefined);
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setError(e instanceof ApiRequestError ? e.message : String(e));
      },
    );
    return () => ctl.abort();
  }, [page, status, search, reload]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = watchJobStatuses((m) => {
      if (known.current.has(m.job)) {
        setData((d) => d && { ...d, results: d.results.map((j) => (j.id === m.job ? { ...j, status: m.status } : j)) });
        if (status && m.status !== status) timer ??= setTimeout(() => ((timer = undefined), setReload((n) => n + 1)), 1000);
      } else if (page === 1) {
        timer ??= setTimeout(() => ((timer = undefined), setReload((n) => n + 1)), 1000);
      }
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [page, status]);

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  };

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    set({ search: searchText.trim(), page: '' });
  };

  const pages = data ? Math.max(1, Math.ceil(data.count / JOBS_PAGE_SIZE)) : 1;

  return (
    <div className="jobs-list">
      <h1>Jobs</h1>
      <div className="list-toolbar">
        <form role="search" onSubmit={onSearch} className="job-search">
          <input type="search" aria-label="Search jobs" placeholder="Search jobs" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
          <button type="submit">Search</button>
        </form>
        <FilterSelect label="Status" allLabel="All statuses" value={status} options={JOB_STATUSES} onChange={(v) => set({ status: v, page: '' })} />
      </div>
      <ErrorText error={error} />
      {!data && !error && <p className="loading" role="status">Loading…</p>}
      {data && (
        <>
          <table className="list-table">
            <caption className="visually-hidden">Jobs</caption>
            <TableHead columns={['ID', 'Name', 'Status', 'Started', 'Finished', 'Elapsed']} />
            <tbody>
              {data.results.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No jobs.
                  </td>
                </tr>
              )}
              {data.results.map((j) => (
                <tr key={j.id}>
                  <td>{j.id}</td>
                  <td>
                    <Link to={`/jobs/${j.id}`}>{j.name}</Link>
                  </td>
                  <td>
                    <StatusBadge status={j.status} />
                  </td>
                  <td>{formatTime(j.started)}</td>
                  <td>{formatTime(j.finished)}</td>
                  <td>{j.started ? formatElapsed(j.elapsed) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label="Pages" className="pager">
            <button type="button" disabled={page <= 1} onClick={() => set({ page: String(page - 1) })}>
              Previous page
            </button>
            <span>
              Page {page} of {pages} ({data.count} jobs)
            </span>
            <button type="button" disabled={page >= pages} onClick={() => set({ page: String(page + 1) })}>
              Next page
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
