import { describe, expect, it } from 'vitest';
import { StdoutRenderer, countLines, stripAnsi } from './stdout.js';
import { playbookStart, result, taskStart } from './synthetic-events.js';

describe('StdoutRenderer', () => {
  it('counts lines', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('\nTASK [x] ***\n')).toBe(2);
    expect(countLines('a\nb')).toBe(2);
  });

  it('renders each event with colours and numbers its lines contiguously', () => {
    const r = new StdoutRenderer(0);
    const a = r.render(playbookStart());
    expect(a).toEqual({ stdout: '', startLine: 0, endLine: 0 });
    const b = r.render(taskStart('say hi', 't1'));
    expect(stripAnsi(b.stdout)).toMatch(/^\nTASK \[say hi\] \*+\n$/);
    expect(b).toMatchObject({ startLine: 0, endLine: 2 });
    const c = r.render(result('runner_on_ok', 'web1', { changed: true }, { task: 'say hi', taskUuid: 't1' }));
    expect(c.stdout).toContain('\x1b[');
    expect(stripAnsi(c.stdout)).toBe('changed: [web1]\n');
    expect(c).toMatchObject({ startLine: 2, endLine: 3 });
    expect(r.lines).toBe(3);
  });
});
