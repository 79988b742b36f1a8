/**
 * The job output as lines, built incrementally from job events (no React): each event's `stdout` (the
 * CLI's ANSI text) is split into lines that remember their event. On top of the lines: a filtered view
 * (by host and by result status; a matching event brings its task and play banners along) and the
 * search matches over that view. Appending is O(new lines); the view and the matches are extended, not
 * rebuilt, so 100,000 lines stay cheap. Components read it through `version` (bumped on every change).
 */
import type { LiveJobEvent } from '@drover/events';

export const LINE_STATUSES = ['ok', 'changed', 'failed', 'skipped', 'unreachable'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export interface OutputFilter {
  /** '' for every host. */
  host: string;
  /** '' for every status. */
  status: LineStatus | '';
}

/** The result status of an event (runner results and loop items), if it has one. */
export function eventStatus(e: Pick<LiveJobEvent, 'event' | 'changed'>): LineStatus | undefined {
  switch (e.event) {
    case 'runner_on_ok':
    case 'runner_item_on_ok':
      return e.changed ? 'changed' : 'ok';
    case 'runner_on_failed':
    case 'runner_item_on_failed':
      return 'failed';
    case 'runner_on_skipped':
    case 'runner_item_on_skipped':
      return 'skipped';
    case 'runner_on_unreachable':
      return 'unreachable';
    default:
      return undefined;
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(s: string): string {
  return s.indexOf('\x1b') === -1 ? s : s.replace(ANSI, '');
}

export class OutputStore {
  readonly events: LiveJobEvent[] = [];
  /** Per line: the ANSI text, the plain text and the index of its event in `events`. */
  readonly lineText: string[] = [];
  readonly linePlain: string[] = [];
  readonly lineEvent: number[] = [];
  /** Per event: its first line and line count. */
  private readonly eventFirstLine: number[] = [];
  private readonly eventLineCount: number[] = [];
  private readonly byUuid = new Map<string, number>();
  private readonly hostSet = new Set<string>();
  private hostList: string[] | undefined;
  private lastCounter = 0;

  private filter: OutputFilter = { host: '', status: '' };
  /** Rows of the filtered view as line indexes (undefined: no filter, rows are lines). */
  private view: number[] | undefined;
  /** Events already placed in the view (banners pulled in by a match, too). */
  private inView = new Set<number>();
  private viewedEvents = 0;

  private query = '';
  private matchRows: number[] = [];
  private scannedRows = 0;

  version = 0;

  get counter(): number {
    return this.lastCounter;
  }

  /** Add events (counter order; already seen counters are skipped). */
  append(events: readonly LiveJobEvent[]): void {
    let added = false;
    for (const e of events) {
      if (e.counter <= this.lastCounter) continue;
      this.lastCounter = e.counter;
      const idx = this.events.length;
      this.events.push(e);
      this.byUuid.set(e.uuid, idx);
      if (e.host_name && !this.hostSet.has(e.host_name)) {
        this.hostSet.add(e.host_name);
        this.hostList = undefined;
      }
      this.eventFirstLine.push(this.lineText.length);
      let n = 0;
      if (e.stdout) {
        const parts = e.stdout.split('\n');
        if (parts[parts.length - 1] === '') parts.pop();
        for (const p of parts) {
          const t = p.endsWith('\r') ? p.slice(0, -1) : p;
          this.lineText.push(t);
          this.linePlain.push(stripAnsi(t));
          this.lineEvent.push(idx);
        }
        n = parts.length;
      }
      this.eventLineCount.push(n);
      added = true;
    }
    if (!added) return;
    this.extendView();
    this.extendMatches();
    this.version++;
  }

  get lineCount(): number {
    return this.lineText.length;
  }

  /** Hosts seen so far, sorted. */
  get hosts(): string[] {
    this.hostList ??= [...this.hostSet].sort((a, b) => a.localeCompare(b));
    return this.hostList;
  }

  get currentFilter(): OutputFilter {
    return this.filter;
  }

  setFilter(f: OutputFilter): void {
    if (f.host === this.filter.host && f.status === this.filter.status) return;
    this.filter = { ...f };
    this.view = f.host || f.status ? [] : undefined;
    this.inView = new Set();
    this.viewedEvents = 0;
    this.extendView();
    this.matchRows = [];
    this.scannedRows = 0;
    this.extendMatches();
    this.version++;
  }

  /** Rows shown (lines, or the filtered lines). */
  get rowCount(): number {
    return this.view ? this.view.length : this.lineText.length;
  }

  lineOfRow(row: number): number {
    return this.view ? (this.view[row] ?? -1) : row;
  }

  eventOfRow(row: number): LiveJobEvent | undefined {
    const line = this.lineOfRow(row);
    return line < 0 ? undefined : this.events[this.lineEvent[line]!];
  }

  eventByUuid(uuid: string): LiveJobEvent | undefined {
    const i = this.byUuid.get(uuid);
    return i === undefined ? undefined : this.events[i];
  }

  /** The first row showing this event's output (in the current view), or -1. */
  rowOfEvent(uuid: string): number {
    const i = this.byUuid.get(uuid);
    if (i === undefined || this.eventLineCount[i] === 0) return -1;
    const line = this.eventFirstLine[i]!;
    if (!this.view) return line;
    return this.view.indexOf(line);
  }

  private matches(e: LiveJobEvent): boolean {
    const f = this.filter;
    if (f.host && e.host_name !== f.host) return false;
    if (f.status && eventStatus(e) !== f.status) return false;
    return true;
  }

  private pushEvent(view: number[], idx: number): void {
    if (this.inView.has(idx)) return;
    this.inView.add(idx);
    const first = this.eventFirstLine[idx]!;
    const n = this.eventLineCount[idx]!;
    for (let l = first; l < first + n; l++) view.push(l);
  }

  private extendView(): void {
    const view = this.view;
    if (!view) return;
    for (let i = this.viewedEvents; i < this.events.length; i++) {
      const e = this.events[i]!;
      if (!this.matches(e) || this.eventLineCount[i] === 0) continue;
      // bring the (not yet shown) play and task banners above it
      const chain: number[] = [];
      let parent = e.parent_uuid === null ? undefined : this.byUuid.get(e.parent_uuid);
      while (parent !== undefined && !this.inView.has(parent)) {
        chain.push(parent);
        const p = this.events[parent]!;
        parent = p.parent_uuid === null ? undefined : this.byUuid.get(p.parent_uuid);
      }
      for (let c = chain.length - 1; c >= 0; c--) this.pushEvent(view, chain[c]!);
      this.pushEvent(view, i);
    }
    this.viewedEvents = this.events.length;
  }

  // ------------------------------------------------------------------ search

  get searchQuery(): string {
    return this.query;
  }

  setQuery(q: string): void {
    if (q === this.query) return;
    this.query = q;
    this.matchRows = [];
    this.scannedRows = 0;
    this.extendMatches();
    this.version++;
  }

  /** Rows (in the view) whose text contains the query, ascending. */
  get matchedRows(): readonly number[] {
    return this.matchRows;
  }

  private extendMatches(): void {
    const rows = this.rowCount;
    if (!this.query) {
      this.scannedRows = rows;
      return;
    }
    const q = this.query.toLowerCase();
    for (let r = this.scannedRows; r < rows; r++) {
      if (this.linePlain[this.lineOfRow(r)]!.toLowerCase().includes(q)) this.matchRows.push(r);
    }
    this.scannedRows = rows;
  }
}

/** [start, end) ranges of `query` in `text`, case-insensitive. */
export function matchRanges(text: string, query: string): Array<[number, number]> {
  if (!query) return [];
  const out: Array<[number, number]> = [];
  const t = text.toLowerCase();
  const q = query.toLowerCase();
  for (let i = t.indexOf(q); i !== -1; i = t.indexOf(q, i + q.length)) out.push([i, i + q.length]);
  return out;
}
