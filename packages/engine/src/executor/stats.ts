export type StatKey = 'ok' | 'changed' | 'dark' | 'failures' | 'skipped' | 'rescued' | 'ignored';
export const STAT_KEYS: readonly StatKey[] = ['ok', 'changed', 'dark', 'failures', 'skipped', 'rescued', 'ignored'];

/** Per-host counters for the recap (Ansible's AggregateStats). */
export class Stats {
  readonly counts: Record<StatKey, Record<string, number>> = {
    ok: {}, changed: {}, dark: {}, failures: {}, skipped: {}, rescued: {}, ignored: {},
  };
  readonly processed: Record<string, number> = {};

  increment(key: StatKey, host: string): void {
    this.processed[host] = 1;
    this.counts[key][host] = (this.counts[key][host] ?? 0) + 1;
  }
}
