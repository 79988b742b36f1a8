/**
 * The job page's header: name, live status badge, started/finished/elapsed, links to the template,
 * inventory and project, and the actions: Cancel (while active), Relaunch and "Relaunch on failed
 * hosts" (when finished; both go to the new job).
 */
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiRequestError } from '../api/client';
import { ErrorText } from '../components/error-text';
import { useRelatedName } from '../components/resource-link';
import type { RelatedRef } from '../components/resource-types';
import { formatElapsed, formatTime, jobElapsed } from './elapsed';
import { cancelJob, relaunchJob } from './job-api';
import { isActiveStatus, type Job } from './job-types';
import { StatusBadge } from './status-badge';

/** A fact naming an object the job points at: summary_fields' name, else fetched, else "<label> <id>". */
function RelatedFact({ label, route, apiPath, id, related }: { label: string; route: string; apiPath: string; id: number; related: RelatedRef | null | undefined }) {
  const name = useRelatedName(`${apiPath}/${id}`, related);
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <Link to={`${route}/${id}`}>{name ?? `${label} ${id}`}</Link>
      </dd>
    </div>
  );
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
  const active = isActiveStatus(status);
  const now = useNow(active && job.started !== null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const related = job.summary_fields;
  const caps = related?.user_capabilities;

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
        {job.job_template !== null && <RelatedFact label="Template" route="/templates" apiPath="/job_templates" id={job.job_template} related={related?.job_template} />}
        {job.inventory !== null && <RelatedFact label="Inventory" route="/inventories" apiPath="/inventories" id={job.inventory} related={related?.inventory} />}
        {job.project !== null && <RelatedFact label="Project" route="/projects" apiPath="/projects" id={job.project} related={related?.project} />}
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
      <ErrorText error={error} />
      {job.job_explanation && <p className="muted">{job.job_explanation}</p>}
    </header>
  );
}
