import type { JobEvent } from '@drover/events';
import type { HostSummaryRow } from '../store/ports.js';

type Counts = { ok: number; changed: number; dark: number; failures: number; skipped: number; rescued: number; ignored: number };
const ZERO: Counts = { ok: 0, changed: 0, dark: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 };

/**
 * Per-host totals kept up to date as events arrive, so job_host_summaries is right (enough) even
 * when a run dies before its recap, and a `hosts=failed` relaunch still finds the failed hosts.
 * The running counts follow the engine's Stats rules for runner_* results; the one thing events do
 * not tell is whether a failure was rescued, so until playbook_on_stats a rescued failure counts as a
 * failure (the relaunch set errs on the side of retrying). playbook_on_stats then replaces every
 * host's counts with the recap's.
 */
export class HostSummaryTracker {
  private readonly counts = new Map<string, Counts>();
  private readonly dirty = new Set<string>();

  apply(e: JobEvent): void {
    switch (e.event) {
      case 'runner_on_ok': {
        const a = e.event_data.task_action;
        if (a === 'include_tasks' || a === 'include_role') return;
        this.bump(e.event_data.host, 'ok', e.event_data.res['changed'] === true);
        return;
      }
      case 'runner_on_failed':
        if (e.event_data.ignore_errors) {
          this.bump(e.event_data.host, 'ok', e.event_data.res['changed'] === true);
          this.bump(e.event_data.host, 'ignored');
        } else this.bump(e.event_data.host, 'failures');
        return;
      case 'runner_on_unreachable':
        if (e.event_data.ignore_errors) {
          this.bump(e.event_data.host, 'ok');
          this.bump(e.event_data.host, 'ignored');
        } else this.bump(e.event_data.host, 'dark');
        return;
      case 'runner_on_skipped':
        this.bump(e.event_data.host, 'skipped');
        return;
      case 'playbook_on_include':
        for (const h of e.event_data.hosts) this.bump(h, 'ok');
        return;
      case 'playbook_on_stats': {
        const d = e.event_data;
        const hosts = new Set([...Object.keys(d.processed), ...Object.keys(d.ok), ...Object.keys(d.failures), ...Object.keys(d.dark)]);
        for (const h of hosts) {
          const n = (m: Record<string, number>) => m[h] ?? 0;
          this.counts.set(h, {
            ok: n(d.ok), changed: n(d.changed), dark: n(d.dark), failures: n(d.failures),
            skipped: n(d.skipped), rescued: n(d.rescued), ignored: n(d.ignored),
          });
          this.dirty.add(h);
        }
        return;
      }
      default:
        return;
    }
  }

  private bump(host: string, key: keyof Counts, changed = false): void {
    const c = this.counts.get(host) ?? { ...ZERO };
    c[key]++;
    if (changed) c.changed++;
    this.counts.set(host, c);
    this.dirty.add(host);
  }

  /** Rows for the hosts changed since the last call (absolute values). */
  takeDirty(): HostSummaryRow[] {
    const out: HostSummaryRow[] = [];
    for (const h of this.dirty) {
      const c = this.counts.get(h) ?? ZERO;
      out.push({ hostName: h, ...c, failed: c.dark > 0 || c.failures > 0 });
    }
    this.dirty.clear();
    return out;
  }

  rows(): HostSummaryRow[] {
    return [...this.counts].map(([h, c]) => ({ hostName: h, ...c, failed: c.dark > 0 || c.failures > 0 }));
  }
}
