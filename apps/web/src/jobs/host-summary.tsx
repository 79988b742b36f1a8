/**
 * The "Hosts" tab: the recap per host (ok, changed, unreachable, failed, skipped, rescued, ignored).
 * Source, best first: the playbook_on_stats event of the stream, the stored job_host_summaries, or
 * (while the job runs) a live tally of the runner results seen so far.
 */
import type { LiveJobEvent } from '@drover/events';
import type { HostSummary } from './job-types';
import type { OutputStore } from './output-store';

export const RECAP_KEYS = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;
export type RecapKey = (typeof RECAP_KEYS)[number];
export type Recap = Record<RecapKey, number>;

const zero = (): Recap => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });

function counts(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof v === 'object' && v !== null) for (const [k, n] of Object.entries(v)) if (typeof n === 'number') out[k] = n;
  return out;
}

/** The recap of a playbook_on_stats event. */
export function recapFromStats(e: LiveJobEvent): Map<string, Recap> {
  const d = e.event_data;
  const map: Array<[RecapKey, string]> = [['ok', 'ok'], ['changed', 'changed'], ['unreachable', 'dark'], ['failed', 'failures'], ['skipped', 'skipped'], ['rescued', 'rescued'], ['ignored', 'ignored']];
  const out = new Map<string, Recap>();
  const hosts = new Set<string>();
  for (const [, k] of map) for (const h of Object.keys(counts(d[k]))) hosts.add(h);
  for (const h of Object.keys(counts(d['processed']))) hosts.add(h);
  for (const h of [...hosts].sort()) {
    const r = zero();
    for (const [key, k] of map) r[key] = counts(d[k])[h] ?? 0;
    out.set(h, r);
  }
  return out;
}

export function recapFromSummaries(s: readonly HostSummary[]): Map<string, Recap> {
  const out = new Map<string, Recap>();
  for (const x of s) out.set(x.host_name, { ok: x.ok, changed: x.changed, unreachable: x.dark, failed: x.failures, skipped: x.skipped, rescued: x.rescued, ignored: x.ignored });
  return out;
}

/** A live tally from runner results (approximate: rescued is not known until the recap). */
export function recapFromEvents(events: readonly LiveJobEvent[]): Map<string, Recap> {
  const out = new Map<string, Recap>();
  const get = (h: string) => {
    let r = out.get(h);
    if (!r) out.set(h, (r = zero()));
    return r;
  };
  for (const e of events) {
    if (!e.host_name) continue;
    switch (e.event) {
      case 'runner_on_ok':
        get(e.host_name).ok++;
        if (e.changed) get(e.host_name).changed++;
        break;
      case 'runner_on_failed':
        if (e.event_data['ignore_errors'] === true) {
          get(e.host_name).ok++;
          get(e.host_name).ignored++;
        } else get(e.host_name).failed++;
        break;
      case 'runner_on_skipped':
        get(e.host_name).skipped++;
        break;
      case 'runner_on_unreachable':
        get(e.host_name).unreachable++;
        break;
      default:
        get(e.host_name);
    }
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export function HostSummaryView({ store, summaries }: { store: OutputStore; version: number; summaries: readonly HostSummary[] | undefined }) {
  let stats: LiveJobEvent | undefined;
  for (let i = store.events.length - 1; i >= 0 && i >= store.events.length - 20; i--) if (store.events[i]!.event === 'playbook_on_stats') stats = store.events[i];
  const recap = stats ? recapFromStats(stats) : summaries && summaries.length ? recapFromSummaries(summaries) : recapFromEvents(store.events);
  const source = stats ? 'PLAY RECAP' : summaries && summaries.length ? 'stored host summaries' : 'live tally (the recap comes at the end)';
  return (
    <section className="host-summary" aria-label="Host summary">
      <p className="muted">Source: {source}</p>
      {recap.size === 0 ? (
        <p className="muted">No hosts yet.</p>
      ) : (
        <table className="recap">
          <caption className="visually-hidden">Recap per host</caption>
          <thead>
            <tr>
              <th scope="col">Host</th>
              {RECAP_KEYS.map((k) => (
                <th scope="col" key={k}>
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...recap.entries()].map(([host, r]) => (
              <tr key={host} className={r.failed || r.unreachable ? 'recap-bad' : ''}>
                <th scope="row">{host}</th>
                {RECAP_KEYS.map((k) => (
                  <td key={k} className={r[k] ? `recap-${k}` : 'recap-zero'}>
                    {r[k]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
