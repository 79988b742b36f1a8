/**
 * The job page's header: name, live status badge, started/finished/elapsed, links to the template,
 * inventory and project, and the actions: Cancel (while active), Relaunch and "Relaunch on failed
 * hosts" (when finished; both go to the new job).
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiRequestError } from '../api/client';
import { formatElapsed, formatTime, jobElapsed } from './elapsed';
import { cancelJob, relaunchJob, resourceName } from './job-api';
import { isActiveStatus, type Job } from './job-types';
import { StatusBadge } from './status-badge';

function useNames(job: Job): { template?: string; inventory?: string; project?: string } {
  const [names, setNames] = useState<{ template?: string; inventory?: string; project?: string }>({});
  const { job_template, inventory, project } = job;
  useEffect(() => {
    const ctl = new AbortController();
    void Promise.all([
      job_template !== null ? resourceName('job_templates', job_template, ctl.signal) : undefined,
      inventory !== null ? resourceName('inventories', inventory, ctl.signal) : undefined,
      project !== null ? resourceName('projects', project, ctl.signal) : undefined,
    ]).then(([t, i, p]) => {
      if (!ctl.signal.aborted) setNames({ template: t, inventory: i, project: p });
    });
    return () => ctl.abort();
  }, [job_template, inventory, project]);
  return names;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function JobHeader({ job, status, onChanged }: { job: Job; status: string; onChanged(job: Job): void }) {
  const navigate = useNavigate();
  const names = useNames(job);
  const active = isActiveStatus(status);
  const now = useNow(active && job.started !== null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const caps = job.summary_fields?.user_capabilities;

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => run(async () => onChanged(await cancelJob(job.id)));
  const relaunch = (hosts: 'all' | 'failed') =>
    run(async () => {
      const next = await relaunchJob(job.id, hosts);
      navigate(`/jobs/${next.id}`);
    });

  return (
    <header className="job-header">
      <div className="job-title">
        <h1>
          <span className="muted">Job {job.id}</span> {job.name}
        </h1>
        <span role="status" aria-label="Job status">
          <StatusBadge status={status} />
        </span>
        {job.cancel_requested && active && <span className="muted">cancel requested…</span>}
      </div>
      <dl className="job-facts">
        <div>
          <dt>Started</dt>
          <dd>{formatTime(job.started)}</dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>{formatTime(job.finished)}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd>{job.started ? formatElapsed(jobElapsed(job, now)) : '—'}</dd>
        </div>
        {job.job_template !== null && (
          <div>
            <dt>Template</dt>
            <dd>
              <Link to={`/templates/${job.job_template}`}>{names.template ?? `Template ${job.job_template}`}</Link>
            </dd>
          </div>
        )}
        {job.inventory !== null && (
          <div>
            <dt>Inventory</dt>
            <dd>
              <Link to={`/inventories/${job.inventory}`}>{names.inventory ?? `Inventory ${job.inventory}`}</Link>
            </dd>
          </div>
        )}
        {job.project !== null && (
          <div>
            <dt>Project</dt>
            <dd>
              <Link to={`/projects/${job.project}`}>{names.project ?? `Project ${job.project}`}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>Playbook</dt>
          <dd>{job.playbook}</dd>
        </div>
        {job.relaunch_of !== null && (
          <div>
            <dt>Relaunch of</dt>
            <dd>
              <Link to={`/jobs/${job.relaunch_of}`}>Job {job.relaunch_of}</Link>
            </dd>
          </div>
        )}
      </dl>
      <div className="job-actions">
        {active && caps?.cancel !== false && (
          <button type="button" className="danger" disabled={busy || job.cancel_requested} onClick={() => void cancel()}>
            Cancel
          </button>
        )}
        {!active && caps?.relaunch !== false && (
          <>
            <button type="button" disabled={busy} onClick={() => void relaunch('all')}>
              Relaunch
            </button>
            {(job.failed || status === 'failed') && (
              <button type="button" disabled={busy} onClick={() => void relaunch('failed')}>
                Relaunch on failed hosts
              </button>
            )}
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {job.job_explanation && <p className="muted">{job.job_explanation}</p>}
    </header>
  );
}
