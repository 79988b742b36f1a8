// @vitest-environment jsdom
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OutputPanel, ROW_HEIGHT } from './output-panel';
import { OutputStore } from './output-store';
import { SampleJob, bulkEvents } from './sample-events';

// jsdom has no layout: give every element a 600px tall viewport so the virtualizer has a window
const VIEWPORT = 600;
// and a scrollTop that is kept and, as in a browser, reported with a scroll event
const saved = ['clientHeight', 'scrollTop'].map((k) => [k, Object.getOwnPropertyDescriptor(Element.prototype, k)] as const);
const tops = new WeakMap<Element, number>();
beforeAll(() => {
  Object.defineProperty(Element.prototype, 'clientHeight', { configurable: true, get: () => VIEWPORT });
  Object.defineProperty(Element.prototype, 'scrollTop', {
    configurable: true,
    get(this: Element) {
      return tops.get(this) ?? 0;
    },
    set(this: Element, v: number) {
      if ((tops.get(this) ?? 0) === v) return;
      tops.set(this, v);
      setTimeout(() => this.dispatchEvent(new Event('scroll')), 0);
    },
  });
});
afterAll(() => {
  for (const [k, d] of saved) if (d) Object.defineProperty(Element.prototype, k, d);
});
afterEach(cleanup);

/** Where following puts the view: the end of the content. */
const bottom = (rows: number) => rows * ROW_HEIGHT - VIEWPORT;

function rows(): HTMLElement[] {
  return Array.from(screen.getByRole('log', { name: 'Job output' }).querySelectorAll<HTMLElement>('.line'));
}

describe('OutputPanel: volume', () => {
  // speed is measured by `npm run bench:web` (Chromium); here the timings are only printed
  it('keeps 100,000 lines virtualized (a window of rows in the DOM) and appends in bulk', async () => {
    const job = new SampleJob();
    job.start();
    job.playStart('big');
    const events = bulkEvents(job, 20_000, 4); // 20k banners (2 lines) + 80k results (1 line) = 120k lines
    const store = new OutputStore();
    const t0 = performance.now();
    store.append(events);
    const appendMs = performance.now() - t0;
    expect(store.lineCount).toBeGreaterThanOrEqual(100_000);

    const t1 = performance.now();
    const { rerender } = render(<OutputPanel store={store} version={store.version} />);
    const renderMs = performance.now() - t1;
    const log = screen.getByRole('log', { name: 'Job output' });
    expect(log.getAttribute('data-rows')).toBe(String(store.lineCount));
    const inDom = rows().length;
    // the window (600/18 ≈ 34 rows) plus overscan, not 120k rows
    expect(inDom).toBeGreaterThan(10);
    expect(inDom).toBeLessThan(120);
    // following: the last line is the one shown
    await waitFor(() => expect(rows().at(-1)?.textContent).toContain('item 19999.3'));
    expect(rows().at(-1)?.getAttribute('data-row')).toBe(String(store.rowCount - 1));

    // another 10k events arriving in one batch
    const more = bulkEvents(job, 2_500, 4);
    const t2 = performance.now();
    act(() => {
      store.append(more);
      rerender(<OutputPanel store={store} version={store.version} />);
    });
    const batchMs = performance.now() - t2;
    await waitFor(() => expect(rows().at(-1)?.getAttribute('data-row')).toBe(String(store.rowCount - 1)));
    expect(rows().at(-1)?.textContent).toContain('item 2499.3');
    expect(rows().length).toBeLessThan(120);
    console.info(`[perf] ${store.lineCount} lines: append ${appendMs.toFixed(0)} ms, first render ${renderMs.toFixed(0)} ms, +12.5k events batch ${batchMs.toFixed(0)} ms, ${rows().length} rows in the DOM`);
  });

  it('search over 100,000 lines finds the matches without rendering them all', async () => {
    const job = new SampleJob();
    job.start();
    job.playStart('big');
    const store = new OutputStore();
    store.append(bulkEvents(job, 25_000, 3));
    render(<OutputPanel store={store} version={store.version} />);
    const t0 = performance.now();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search output' }), { target: { value: 'item 12345.' } });
    console.info(`[perf] search over ${store.lineCount} lines: ${(performance.now() - t0).toFixed(0)} ms`);
    expect(screen.getByRole('status').textContent).toBe('0 of 3 matches');
    expect(rows().length).toBeLessThan(120);
  });
});

function smallJob() {
  const job = new SampleJob();
  job.start();
  job.playStart('web');
  const t1 = job.taskStart('install');
  job.result(t1, 'host1', 'changed');
  job.result(t1, 'host2', 'ok');
  const t2 = job.taskStart('configure needle');
  job.result(t2, 'host1', 'ok', { msg: 'needle here' });
  job.result(t2, 'host2', 'failed', { msg: 'needle broke', rc: 2 });
  const t3 = job.taskStart('cleanup');
  job.result(t3, 'host1', 'skipped');
  job.result(t3, 'host3', 'unreachable', { msg: 'ssh: connect refused' });
  return job;
}

describe('OutputPanel: behaviour', () => {
  it('renders ANSI colours as classed spans, never as markup', () => {
    const job = new SampleJob();
    job.start();
    job.playStart('web');
    const t = job.taskStart('<b>not bold</b>');
    job.result(t, 'host1', 'changed');
    const store = new OutputStore();
    store.append(job.events);
    render(<OutputPanel store={store} version={store.version} />);
    const changed = rows().find((r) => r.textContent?.includes('changed: [host1]'));
    expect(changed?.querySelector('span.ansi-yellow')?.textContent).toBe('changed: [host1]');
    expect(changed?.textContent).not.toContain('\x1b');
    const banner = rows().find((r) => r.textContent?.includes('TASK ['));
    expect(banner?.querySelector('b')).toBeNull();
    expect(banner?.textContent).toContain('<b>not bold</b>');
  });

  it('follows the end as lines arrive, stops when scrolled up, resumes with Follow', async () => {
    const job = new SampleJob();
    job.start();
    job.playStart('p');
    const store = new OutputStore();
    store.append(bulkEvents(job, 40, 2));
    const { rerender } = render(<OutputPanel store={store} version={store.version} />);
    const log = screen.getByRole('log', { name: 'Job output' });
    const follow = screen.getByRole('button', { name: 'Follow' });
    expect(follow.getAttribute('aria-pressed')).toBe('true');

    const grow = () => {
      act(() => {
        store.append(bulkEvents(job, 10, 2));
        rerender(<OutputPanel store={store} version={store.version} />);
      });
    };
    grow();
    expect(log.scrollTop).toBe(bottom(store.rowCount));

    // the user scrolls up: following stops, new lines don't move the view
    await act(async () => {
      log.scrollTop = 500;
      await new Promise((r) => setTimeout(r, 5));
    });
    expect(follow.getAttribute('aria-pressed')).toBe('false');
    grow();
    expect(log.scrollTop).toBe(500);

    await userEvent.click(follow);
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    expect(log.scrollTop).toBe(bottom(store.rowCount));
  });

  it('searches: highlights the matches, next/previous move through them (wrapping)', async () => {
    const store = new OutputStore();
    store.append(smallJob().events);
    render(<OutputPanel store={store} version={store.version} />);
    const log = screen.getByRole('log', { name: 'Job output' });
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search output' }), 'NEEDLE');
    expect(screen.getByRole('status').textContent).toBe('0 of 3 matches');
    expect(log.querySelectorAll('mark.match')).toHaveLength(3);
    expect([...log.querySelectorAll('mark.match')].map((m) => m.textContent)).toEqual(['needle', 'needle', 'needle']);

    await userEvent.keyboard('{Enter}');
    expect(screen.getByRole('status').textContent).toBe('1 of 3 matches');
    expect(log.querySelector('mark.current')?.closest('.line')?.textContent).toContain('TASK [configure needle]');
    await userEvent.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByRole('status').textContent).toBe('2 of 3 matches');
    expect(log.querySelector('mark.current')?.closest('.line')?.textContent).toContain('ok: [host1]');
    await userEvent.click(screen.getByRole('button', { name: 'Previous match' }));
    await userEvent.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(screen.getByRole('status').textContent).toBe('3 of 3 matches');
    expect(log.querySelector('mark.current')?.closest('.line')?.textContent).toContain('fatal: [host2]');
    expect(screen.getByRole('button', { name: 'Follow' }).getAttribute('aria-pressed')).toBe('false');

    await userEvent.clear(screen.getByRole('searchbox', { name: 'Search output' }));
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search output' }), 'nothing like it');
    expect(screen.getByRole('status').textContent).toBe('No matches');
    expect(log.querySelectorAll('mark')).toHaveLength(0);
  });

  it('filters by host and by status, keeping the task banners of what is shown', async () => {
    const store = new OutputStore();
    store.append(smallJob().events);
    render(<OutputPanel store={store} version={store.version} />);
    const text = () => rows().map((r) => r.querySelector('.text')?.textContent ?? '').filter((t) => t.trim() !== '');
    const hostSelect = screen.getByRole('combobox', { name: 'Host' });
    expect(within(hostSelect).getAllByRole('option').map((o) => o.textContent)).toEqual(['All hosts', 'host1', 'host2', 'host3']);

    await userEvent.selectOptions(hostSelect, 'host2');
    expect(text().map((t) => t.replace(/ \*+$/, ''))).toEqual([
      'PLAY [web]',
      'TASK [install]',
      'ok: [host2]',
      'TASK [configure needle]',
      'fatal: [host2]: FAILED! => {"changed":false,"msg":"needle broke","rc":2}',
    ]);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'failed');
    expect(text().map((t) => t.replace(/ \*+$/, ''))).toEqual(['PLAY [web]', 'TASK [configure needle]', 'fatal: [host2]: FAILED! => {"changed":false,"msg":"needle broke","rc":2}']);
    await userEvent.selectOptions(hostSelect, '');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'unreachable');
    expect(text().at(-1)).toMatch(/^fatal: \[host3\]: UNREACHABLE!/);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'skipped');
    expect(text().at(-1)).toBe('skipping: [host1]');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), '');
    expect(rows()).toHaveLength(store.lineCount);
  });

  it('a filtered view keeps up with new events', () => {
    const job = smallJob();
    const store = new OutputStore();
    store.append(job.events);
    store.setFilter({ host: 'host1', status: 'changed' });
    const before = store.rowCount;
    const t = job.taskStart('later');
    job.result(t, 'host2', 'changed');
    job.result(t, 'host1', 'changed');
    store.append(job.events.slice(-3));
    expect(store.rowCount).toBe(before + 3); // the new banner (2 lines) and host1's line
    expect(store.linePlain[store.lineOfRow(store.rowCount - 1)]).toBe('changed: [host1]');
  });

  it('opens the event of a clicked line in the "Event details" panel', async () => {
    const store = new OutputStore();
    store.append(smallJob().events);
    render(<OutputPanel store={store} version={store.version} />);
    expect(screen.queryByRole('complementary', { name: 'Event details' })).toBeNull();
    const line = rows().find((r) => r.textContent?.includes('fatal: [host2]'))!;
    await userEvent.click(line);
    const panel = screen.getByRole('complementary', { name: 'Event details' });
    expect(within(panel).getByRole('heading', { name: 'runner_on_failed' })).toBeTruthy();
    const json = JSON.parse(panel.querySelector('pre')?.textContent ?? '{}') as { host: string; res: Record<string, unknown> };
    expect(json.host).toBe('host2');
    expect(json.res).toEqual({ changed: false, msg: 'needle broke', rc: 2 });
    await userEvent.click(within(panel).getByRole('button', { name: 'Close details' }));
    expect(screen.queryByRole('complementary', { name: 'Event details' })).toBeNull();
    // the line number is a button too (keyboard access)
    await userEvent.click(screen.getAllByRole('button', { name: /^Line \d+: event details$/ })[3]!);
    expect(screen.getByRole('complementary', { name: 'Event details' })).toBeTruthy();
  });
});
