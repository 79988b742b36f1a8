/**
 * The dashboard (GET /dashboard?days=14): counts, job outcomes per day as a small SVG bar chart (with
 * the numbers in a visually hidden table), recent jobs, hosts with failures, and running jobs kept live
 * by the job status stream (a status change patches the row at once and refreshes the page's data).
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { Page } from '../api/client';
import { watchJobStatuses } from '../api/live';
import { ErrorText } from '../components/error-text';
import { PageHeader } from '../components/page-header';
import type { Job, JobStatus } from '../components/resource-types';
import { StatusBadge } from '../components/status-badge';
import { TableHead } from '../components/table-head';
import { useFetch } from '../components/use-fetch';

export interface DashboardData {
  jobs: { total: number; successful: number; failed: number; error: number; canceled: number; running: number; pending: number; waiting: number };
  job_graph: Array<{ date: string; successful: number; failed: number; error: number; canceled: number }>;
  recent_jobs: Job[];
  failed_hosts: Array<{ host: string; job: number; job_name: string; finished: string | null; failures: number; dark: number }>;
  counts: { projects: number; inventories: number; hosts: number; job_templates: number; credentials: number };
}

const DAYS = 14;
const ACTIVE = 'new,pending,waiting,running';

function when(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '';
}

export function JobChart({ data }: { data: DashboardData['job_graph'] }) {
  const titleId = useId();
  const descId = useId();
  const W = 560;
  const H = 160;
  const pad = 24;
  const max = Math.max(1, ...data.map((d) => Math.max(d.successful, d.failed + d.error)));
  const slot = (W - pad) / Math.max(1, data.length);
  const bar = Math.max(2, Math.min(14, slot / 2 - 2));
  const y = (n: number) => ((H - pad) * n) / max;
  const totalOk = data.reduce((a, d) => a + d.successful, 0);
  const totalFailed = data.reduce((a, d) => a + d.failed + d.error, 0);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="none">
        <title id={titleId}>Job outcomes per day, last {data.length} days</title>
        <desc id={descId}>
          {totalOk} successful and {totalFailed} failed jobs in total.
        </desc>
        <line x1={pad} y1={H - pad} x2={W} y2={H - pad} className="axis" />
        <text x={2} y={12} className="tick">
          {max}
        </text>
        <text x={2} y={H - pad} className="tick">
          0
        </text>
        {data.map((d, i) => {
          const x = pad + i * slot + slot / 2;
          const f = d.failed + d.error;
          return (
            <g key={d.date}>
              <rect x={x - bar - 1} y={H - pad - y(d.successful)} width={bar} height={y(d.successful)} className="bar-ok" />
              <rect x={x + 1} y={H - pad - y(f)} width={bar} height={y(f)} className="bar-failed" />
              {i % 2 === 0 || data.length <= 7 ? (
                <text x={x} y={H - 8} textAnchor="middle" className="tick">
                  {d.date.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption aria-hidden="true" className="legend">
        <span className="key key-ok" /> successful <span className="key key-failed" /> failed
      </figcaption>
      <table className="visually-hidden">
        <caption>Jobs per day</caption>
        <TableHead columns={['Date', 'Successful', 'Failed', 'Canceled']} />
        <tbody>
          {data.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              <td>{d.successful}</td>
              <td>{d.failed + d.error}</td>
              <td>{d.canceled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function JobsTable({ jobs, label }: { jobs: Job[]; label: string }) {
  if (jobs.length === 0) return <p className="muted">None.</p>;
  return (
    <table className="table" aria-label={label}>
      <TableHead columns={['Job', 'Status', 'Started', 'Finished']} />
      <tbody>
        {jobs.map((j) => (
          <tr key={j.id}>
            <td>
              <Link to={`/jobs/${j.id}`}>
                {j.id} — {j.name}
              </Link>
            </td>
            <td>
              <StatusBadge status={j.status} />
            </td>
            <td>{when(j.started)}</td>
            <td>{when(j.finished)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

export function DashboardPage() {
  const dash = useFetch<DashboardData>('/dashboard', { days: DAYS });
  const running = useFetch<Page<Job>>('/jobs', { status__in: ACTIVE, order_by: '-id', page_size: 10 });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ dash, running });
  latest.current = { dash, running };

  useEffect(() => {
    const stop = watchJobStatuses((m) => {
      const { dash: d, running: r } = latest.current;
      const status = m.status as JobStatus;
      if (d.data) d.setData({ ...d.data, recent_jobs: d.data.recent_jobs.map((j) => (j.id === m.job ? { ...j, status } : j)) });
      if (r.data) r.setData({ ...r.data, results: r.data.results.map((j) => (j.id === m.job ? { ...j, status } : j)) });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        latest.current.dash.reload();
        latest.current.running.reload();
      }, 800);
    });
    return () => {
      stop();
      clearTimeout(timer.current);
    };
  }, []);

  const d = dash.data;
  return (
    <>
      <PageHeader title="Dashboard" />
      <ErrorText error={dash.error} prefix="Dashboard: " />
      {d ? (
        <section aria-label="Counts" className="counts">
          {(
            [
              ['Hosts', d.counts.hosts],
              ['Inventories', d.counts.inventories],
              ['Projects', d.counts.projects],
              ['Templates', d.counts.job_templates],
              ['Credentials', d.counts.credentials],
              ['Jobs', d.jobs.total],
              ['Failed jobs', d.jobs.failed + d.jobs.error],
            ] as const
          ).map(([label, n]) => (
            // not links: the navigation already links these screens, and one name should mean one link
            <div key={label} className="count card">
              <span className="n">{n}</span> <span className="label">{label}</span>
            </div>
          ))}
        </section>
      ) : null}
      <div className="dash-grid">
        <Card id="dash-graph" title={`Job status, last ${DAYS} days`}>
          {d ? <JobChart data={d.job_graph} /> : <p className="muted">Loading…</p>}
        </Card>
        <Card id="dash-running" title="Running jobs">
          <div aria-live="polite">{running.data ? <JobsTable jobs={running.data.results} label="Running jobs" /> : <p className="muted">Loading…</p>}</div>
        </Card>
        <Card id="dash-recent" title="Recent jobs">
          {d ? <JobsTable jobs={d.recent_jobs} label="Recent jobs" /> : null}
        </Card>
        <Card id="dash-hosts" title="Hosts with failures">
          {d && d.failed_hosts.length === 0 ? <p className="muted">None.</p> : null}
          {d && d.failed_hosts.length ? (
            <table className="table" aria-label="Hosts with failures">
              <TableHead columns={['Host', 'Job', 'Failed tasks', 'Unreachable', 'Finished']} />
              <tbody>
                {d.failed_hosts.map((h) => (
                  <tr key={`${h.host}-${h.job}`}>
                    <td>{h.host}</td>
                    <td>
                      <Link to={`/jobs/${h.job}`}>
                        {h.job} — {h.job_name}
                      </Link>
                    </td>
                    <td className="num">{h.failures}</td>
                    <td className="num">{h.dark}</td>
                    <td>{when(h.finished)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </Card>
      </div>
    </>
  );
}
