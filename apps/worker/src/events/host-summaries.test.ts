import { describe, expect, it } from 'vitest';
import { HostSummaryTracker } from './host-summaries.js';
import { result, stats } from './synthetic-events.js';

describe('HostSummaryTracker', () => {
  it('counts runner results as they arrive, as the engine stats do', () => {
    const t = new HostSummaryTracker();
    t.apply(result('runner_on_ok', 'a', { changed: true }));
    t.apply(result('runner_on_ok', 'a', { changed: false }));
    t.apply(result('runner_on_failed', 'b', { failed: true }));
    t.apply(result('runner_on_failed', 'c', { failed: true, changed: true }, { ignore: true }));
    t.apply(result('runner_on_unreachable', 'd', { unreachable: true }));
    t.apply(result('runner_on_skipped', 'a', { skipped: true }));
    const rows = Object.fromEntries(t.takeDirty().map((r) => [r.hostName, r]));
    expect(rows['a']).toMatchObject({ ok: 2, changed: 1, skipped: 1, failed: false });
    expect(rows['b']).toMatchObject({ ok: 0, failures: 1, failed: true });
    expect(rows['c']).toMatchObject({ ok: 1, changed: 1, ignored: 1, failures: 0, failed: false });
    expect(rows['d']).toMatchObject({ dark: 1, failed: true });
    expect(t.takeDirty()).toEqual([]);
    t.apply(result('runner_on_ok', 'b', {}));
    expect(t.takeDirty().map((r) => [r.hostName, r.ok, r.failures])).toEqual([['b', 1, 1]]);
  });

  it('takes the recap as the final word (a rescued failure stops counting as one)', () => {
    const t = new HostSummaryTracker();
    t.apply(result('runner_on_failed', 'a', { failed: true }));
    t.takeDirty();
    t.apply(stats({ ok: { a: 2 }, rescued: { a: 1 } }));
    expect(t.takeDirty()).toEqual([{ hostName: 'a', ok: 2, changed: 0, dark: 0, failures: 0, skipped: 0, rescued: 1, ignored: 0, failed: false }]);
  });
});
