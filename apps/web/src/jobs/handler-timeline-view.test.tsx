// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HandlerTimeline } from '@drover/events';
import { HandlerTimelineView } from './handler-timeline-view';
import { SampleJob } from './sample-events';

afterEach(cleanup);

function lane(host: string): HTMLElement {
  return screen.getByRole('list', { name: `Handler events of ${host}` });
}
const items = (host: string) => within(lane(host)).getAllByRole('listitem').map((li) => li.textContent?.replace(/^[→⇣▶✕]/, ''));

describe('HandlerTimelineView', () => {
  it('shows per host the notifications, flushes, runs and drops as readable text, and updates live', async () => {
    const job = new SampleJob();
    job.start();
    job.playStart('web');
    const t = job.taskStart('restart web');
    job.notify(t, 'host1', 'restart nginx', 'web restarted');
    job.result(t, 'host1', 'changed');
    job.notify(t, 'host2', 'restart nginx', 'web restarted');
    job.result(t, 'host2', 'changed');
    const timeline = new HandlerTimeline();
    timeline.addAll(job.events);
    const { rerender } = render(<HandlerTimelineView timeline={timeline} version={timeline.version} />);

    const region = screen.getByRole('region', { name: 'Handler timeline' });
    expect(within(region).getByRole('heading', { name: 'PLAY [web]' })).toBeTruthy();
    expect(items('host1')).toEqual(["TASK [restart web] notified handler 'restart nginx' via 'web restarted'"]);
    expect(within(region).getAllByText("Pending: 'restart nginx'")).toHaveLength(2);

    // live: host2 fails before the flush, host1 flushes and runs the handler
    const f = job.taskStart('fail on host2');
    job.result(f, 'host2', 'failed', { msg: 'boom' });
    job.drop('host2', 'restart nginx', 'host_failed');
    job.flush('tasks', { host1: ['restart nginx'] });
    const h = job.taskStart('restart nginx', true);
    job.result(h, 'host1', 'ok');
    timeline.addAll(job.events);
    rerender(<HandlerTimelineView timeline={timeline} version={timeline.version} />);

    expect(items('host1')).toEqual([
      "TASK [restart web] notified handler 'restart nginx' via 'web restarted'",
      "Flush (end of tasks): pending 'restart nginx'",
      'RUNNING HANDLER [restart nginx]: ok',
    ]);
    expect(items('host2')).toEqual(["TASK [restart web] notified handler 'restart nginx' via 'web restarted'", "Handler 'restart nginx' dropped: the host failed"]);
    expect(within(region).queryByText(/^Pending:/)).toBeNull();
    expect(lane('host2').querySelector('.tl-drop')).not.toBeNull();

    // the host filter narrows the lanes
    await userEvent.selectOptions(within(region).getByRole('combobox', { name: 'Host' }), 'host2');
    expect(screen.queryByRole('list', { name: 'Handler events of host1' })).toBeNull();
    expect(items('host2')).toHaveLength(2);
  });

  it('hides flushes with nothing pending unless asked, and shows skipped handlers with the reason', async () => {
    const job = new SampleJob();
    job.start();
    job.playStart('p');
    job.flush('pre_tasks', { host1: [] });
    const t = job.taskStart('x');
    job.notify(t, 'host1', 'cond');
    job.flush('meta', { host1: ['cond'] });
    const h = job.taskStart('cond', true);
    job.result(h, 'host1', 'skipped', { skip_reason: 'Conditional result was False' });
    const timeline = new HandlerTimeline();
    timeline.addAll(job.events);
    render(<HandlerTimelineView timeline={timeline} version={timeline.version} />);
    expect(items('host1')).toEqual(["TASK [x] notified handler 'cond'", "Flush (meta: flush_handlers): pending 'cond'", 'RUNNING HANDLER [cond]: skipped (Conditional result was False)']);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Show flushes with nothing pending' }));
    expect(items('host1')[0]).toBe('Flush (end of pre_tasks): nothing pending');
  });

  it('says so when there is no handler activity', () => {
    render(<HandlerTimelineView timeline={new HandlerTimeline()} version={0} />);
    expect(screen.getByRole('region', { name: 'Handler timeline' }).textContent).toContain('No handler activity yet.');
  });
});
