/**
 * The "Handlers" tab: per play, one lane per host with what happened to its handlers, in event order:
 * notifications (task -> handler, via a listen topic), flushes (with the reason and what was pending),
 * handler runs with their result, drops with their reason; and what is still pending. Built from
 * @drover/events' HandlerTimeline (fed by the same stream as the output), so it updates live. Every
 * entry is readable text in a list; colours and glyphs only repeat it.
 */
import { describeTimelineEntry, type HandlerTimeline, type HostTimeline, type TimelineEntry } from '@drover/events';
import { useState } from 'react';
import { FilterSelect } from './filter-select';

function entryClass(e: TimelineEntry): string {
  switch (e.kind) {
    case 'notify':
      return 'tl-notify';
    case 'flush':
      return `tl-flush${e.pending.length ? '' : ' tl-empty'}`;
    case 'run':
      return `tl-run tl-${e.outcome}`;
    case 'drop':
      return 'tl-drop';
  }
}

const GLYPH: Record<TimelineEntry['kind'], string> = { notify: '→', flush: '⇣', run: '▶', drop: '✕' };

function HostLane({ host, showEmpty, onOpen }: { host: HostTimeline; showEmpty: boolean; onOpen?: (uuid: string) => void }) {
  const entries = showEmpty ? host.entries : host.entries.filter((e) => e.kind !== 'flush' || e.pending.length > 0);
  const c = host.counts;
  return (
    <li className="tl-lane">
      <h4 className="tl-host">
        {host.host}
        <span className="tl-counts">
          {' '}
          ({c.notified} notified, {c.ran} ran, {c.failed} failed, {c.skipped} skipped, {c.dropped} dropped)
        </span>
      </h4>
      {entries.length === 0 ? (
        <p className="muted">Nothing to show.</p>
      ) : (
        <ol className="tl-entries" aria-label={`Handler events of ${host.host}`}>
          {entries.map((e) => (
            <li key={`${e.uuid}-${e.host}`} className={`tl-entry ${entryClass(e)}`}>
              <span className="tl-glyph" aria-hidden="true">
                {GLYPH[e.kind]}
              </span>
              {onOpen ? (
                <button type="button" className="link-button" onClick={() => onOpen(e.uuid)}>
                  {describeTimelineEntry(e)}
                </button>
              ) : (
                describeTimelineEntry(e)
              )}
            </li>
          ))}
        </ol>
      )}
      {host.pending.length > 0 && <p className="tl-pending">Pending: {host.pending.map((p) => `'${p.handler}'`).join(', ')}</p>}
    </li>
  );
}

export function HandlerTimelineView({ timeline, version, onOpenEvent }: { timeline: HandlerTimeline; version: number; onOpenEvent?: (uuid: string) => void }) {
  const [showEmpty, setShowEmpty] = useState(false);
  const [host, setHost] = useState('');
  const snap = timeline.snapshot();
  const plays = snap.plays.filter((p) => p.hosts.length > 0);
  const hosts = [...new Set(plays.flatMap((p) => p.hosts.map((h) => h.host)))].sort();
  return (
    <section className="handler-timeline" aria-label="Handler timeline" data-version={version}>
      <div className="tl-toolbar">
        <FilterSelect label="Host" allLabel="All hosts" value={host} options={hosts} onChange={setHost} />
        <label className="job-filter job-check">
          <input type="checkbox" checked={showEmpty} onChange={(e) => setShowEmpty(e.target.checked)} />
          Show flushes with nothing pending
        </label>
      </div>
      {plays.length === 0 && <p className="muted">No handler activity yet.</p>}
      {plays.map((p) => (
        <section key={p.uuid} className="tl-play" aria-label={`Play ${p.name}`}>
          <h3>PLAY [{p.name}]</h3>
          <p className="tl-flushes">
            Flushes:{' '}
            {p.flushes.length
              ? p.flushes.map((f) => `${f.reason} (${Object.values(f.pending).reduce((n, xs) => n + xs.length, 0)} pending on ${f.hosts.length} hosts)`).join(' · ')
              : 'none yet'}
          </p>
          <ul className="tl-lanes">
            {p.hosts
              .filter((h) => !host || h.host === host)
              .map((h) => (
                <HostLane key={h.host} host={h} showEmpty={showEmpty} onOpen={onOpenEvent} />
              ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
