/**
 * The live job page (/jobs/:id/*): the header, then the tabs Output (/jobs/:id, /jobs/:id/output),
 * Handlers (/jobs/:id/handlers) and Hosts (/jobs/:id/hosts). One event stream feeds all three, so a
 * tab that is not shown keeps up and switching tabs reloads nothing.
 */
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiRequestError } from '../api/client';
import { ErrorText } from '../components/error-text';
import { EventDetails } from './event-details';
import { HandlerTimelineView } from './handler-timeline-view';
import { HostSummaryView } from './host-summary';
import { getHostSummaries, getJob } from './job-api';
import { JobHeader } from './job-header';
import { JobTabs, type TabDef } from './job-tabs';
import { isActiveStatus, laterStatus, type HostSummary, type Job } from './job-types';
import { OutputPanel } from './output-panel';
import { useJobStream } from './use-job-stream';

const TABS: readonly TabDef[] = [
  { id: 'output', label: 'Output' },
  { id: 'handlers', label: 'Handlers' },
  { id: 'hosts', label: 'Hosts' },
];

export function JobPage() {
  const params = useParams();
  const id = Number(params['id']);
  if (!Number.isInteger(id) || id <= 0) return <p role="alert">Not a job id: {params['id']}</p>;
  return <JobView key={id} id={id} tab={params['*'] ?? ''} />;
}

function JobView({ id, tab }: { id: number; tab: string }) {
  const navigate = useNavigate();
  const [job, setJob] = useState<Job | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [summaries, setSummaries] = useState<HostSummary[] | undefined>();
  const [details, setDetails] = useState<string | undefined>();
  const stream = useJobStream(id);
  const active = TABS.some((t) => t.id === tab) ? tab : 'output';
  const status = laterStatus(stream.liveStatus, job?.status) ?? '';

  useEffect(() => {
    const ctl = new AbortController();
    getJob(id, ctl.signal).then(setJob, (e: unknown) => {
      if (!ctl.signal.aborted) setError(e instanceof ApiRequestError ? e.message : String(e));
    });
    return () => ctl.abort();
  }, [id]);

  // a finished job (or the end of its event stream, which comes after its final status is stored):
  // reload it once (status, finished, elapsed) and read the host summaries
  const finished = status !== '' && !isActiveStatus(status);
  useEffect(() => {
    if (!finished && !stream.complete) return;
    const ctl = new AbortController();
    const ok = () => !ctl.signal.aborted;
    getJob(id, ctl.signal).then((j) => ok() && setJob(j), () => undefined);
    getHostSummaries(id, ctl.signal).then((s) => ok() && setSummaries(s), () => undefined);
    return () => ctl.abort();
  }, [id, finished, stream.complete]);

  if (error) return <ErrorText error={error} />;
  if (!job) return <p className="loading" role="status">Loading job…</p>;
  const detailsEvent = details ? stream.store.eventByUuid(details) : undefined;

  return (
    <div className="job-page">
      <JobHeader job={job} status={status} onChanged={setJob} />
      <ErrorText error={stream.error} prefix="Live output: " />
      <JobTabs tabs={TABS} active={active} onSelect={(t) => navigate(t === 'output' ? `/jobs/${id}` : `/jobs/${id}/${t}`)}>
        {active === 'output' && <OutputPanel store={stream.store} version={stream.version} />}
        {active === 'handlers' && (
          <div className={`handlers-panel${detailsEvent ? ' with-details' : ''}`}>
            <HandlerTimelineView timeline={stream.timeline} version={stream.version} onOpenEvent={setDetails} />
            {detailsEvent && <EventDetails event={detailsEvent} onClose={() => setDetails(undefined)} />}
          </div>
        )}
        {active === 'hosts' && <HostSummaryView store={stream.store} version={stream.version} summaries={summaries} />}
      </JobTabs>
    </div>
  );
}
