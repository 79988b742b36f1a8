import { DefaultRenderer, type JobEvent } from '@drover/events';

/**
 * Each event's console text, as ansible-playbook's default callback prints it, WITH its ANSI colours
 * (AWX's job_events.stdout keeps them too): one stored form; `?format=txt` strips them on the way out
 * (`stripAnsi`). Lines are numbered from 0 over the whole job: an event's text covers
 * [startLine, endLine), and ordering events by startLine rebuilds the job's output.
 *
 * The renderer is stateful (a result after another task's output repeats its task banner), so one
 * instance sees a job's events in counter order.
 */
export class StdoutRenderer {
  private chunk = '';
  private line = 0;
  private readonly renderer: DefaultRenderer;

  constructor(verbosity: number) {
    this.renderer = new DefaultRenderer((text) => {
      this.chunk += text;
    }, { color: true, verbosity });
  }

  render(e: JobEvent): { stdout: string; startLine: number; endLine: number } {
    this.chunk = '';
    this.renderer.handle(e);
    const stdout = this.chunk;
    const startLine = this.line;
    this.line += countLines(stdout);
    return { stdout, startLine, endLine: this.line };
  }

  get lines(): number {
    return this.line;
  }
}

export function countLines(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** The plain text of stored stdout (for `?format=txt`). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
