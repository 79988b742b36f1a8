/**
 * The "Output" tab: the job's CLI output (ANSI colours as spans), virtualized with @tanstack/react-virtual
 * (fixed-height rows: only the visible window plus overscan is in the DOM), following the end while new
 * output arrives (scrolling up stops following; the Follow button resumes), search with next/previous,
 * host and status filters, and the full event of a clicked line in the "Event details" panel.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { AnsiLine } from './ansi-line';
import { EventDetails } from './event-details';
import { FilterSelect } from './filter-select';
import { LINE_STATUSES, eventStatus, type LineStatus, type OutputStore } from './output-store';

export const ROW_HEIGHT = 18;

interface RowProps {
  row: number;
  lineNo: number;
  text: string;
  status: string;
  query: string;
  isMatch: boolean;
  current: boolean;
  selected: boolean;
  top: number;
  onOpen(row: number): void;
}

const OutputRow = memo(function OutputRow({ row, lineNo, text, status, query, isMatch, current, selected, top, onOpen }: RowProps) {
  const cls = ['line'];
  if (status) cls.push(`line-${status}`);
  if (current) cls.push('line-current');
  if (selected) cls.push('line-selected');
  return (
    <div className={cls.join(' ')} data-row={row} style={{ transform: `translateY(${top}px)` }} onClick={() => onOpen(row)}>
      <button type="button" className="lineno" tabIndex={-1} aria-label={`Line ${lineNo}: event details`} onClick={(e) => { e.stopPropagation(); onOpen(row); }}>
        {lineNo}
      </button>
      <span className="text">
        <AnsiLine text={text} query={isMatch ? query : ''} current={current} />
      </span>
    </div>
  );
});

export interface OutputPanelProps {
  store: OutputStore;
  /** The store's version as of the last batch (re-renders the panel). */
  version: number;
}

export function OutputPanel({ store, version }: OutputPanelProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const [query, setQuery] = useState(store.searchQuery);
  const [current, setCurrent] = useState(-1);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [, setLocal] = useState(0);
  const lastTop = useRef(0);
  const rerender = () => setLocal((n) => n + 1);

  const count = store.rowCount;
  const virt = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    initialRect: { width: 800, height: 600 },
  });
  const total = count * ROW_HEIGHT;

  /** Scroll the log (clamped to its content, as a browser does) and remember where we put it. */
  const scrollTo = useCallback((top: number, content: number) => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = Math.max(0, Math.min(top, content - el.clientHeight));
    lastTop.current = el.scrollTop;
  }, []);

  // follow: stay at the end whenever rows are added (or the view changes)
  useLayoutEffect(() => {
    if (following) scrollTo(total, total);
  }, [following, total, version, scrollTo]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    const top = el.scrollTop;
    if (top < lastTop.current - 1 && following) setFollowing(false);
    lastTop.current = top;
  };

  const matches = store.matchedRows;
  const currentRow = current >= 0 && current < matches.length ? matches[current]! : -1;
  const matchSet = matches.length && query ? new Set(matches) : undefined;

  const goTo = (i: number) => {
    if (!matches.length) return;
    const n = ((i % matches.length) + matches.length) % matches.length;
    setCurrent(n);
    setFollowing(false);
    const el = scrollRef.current;
    scrollTo(matches[n]! * ROW_HEIGHT - (el?.clientHeight ?? 0) / 2, total);
  };

  const onSearch = (q: string) => {
    setQuery(q);
    store.setQuery(q);
    setCurrent(-1);
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    goTo(current < 0 ? (e.shiftKey ? -1 : 0) : current + (e.shiftKey ? -1 : 1));
  };

  const setFilter = (host: string, status: LineStatus | '') => {
    store.setFilter({ host, status });
    setCurrent(-1);
    rerender();
  };

  const onOpen = useCallback(
    (row: number) => {
      const e = store.eventOfRow(row);
      if (e) setSelected(e.uuid);
    },
    [store],
  );

  const filter = store.currentFilter;
  const selectedEvent = selected ? store.eventByUuid(selected) : undefined;
  const items = virt.getVirtualItems();

  return (
    <div className={`output-panel${selectedEvent ? ' with-details' : ''}`}>
      <div className="output-toolbar" role="toolbar" aria-label="Output tools">
        <input type="search" aria-label="Search output" placeholder="Search output" value={query} onChange={(e) => onSearch(e.target.value)} onKeyDown={onSearchKey} />
        <button type="button" onClick={() => goTo(current - 1)} disabled={!matches.length}>
          Previous match
        </button>
        <button type="button" onClick={() => goTo(current + 1)} disabled={!matches.length}>
          Next match
        </button>
        <span className="match-count" role="status">
          {query ? (matches.length ? `${current >= 0 ? current + 1 : 0} of ${matches.length} matches` : 'No matches') : ''}
        </span>
        <label className="job-filter">
          Host
          <select value={filter.host} onChange={(e) => setFilter(e.target.value, filter.status)}>
            <option value="">All hosts</option>
            {store.hosts.map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        <FilterSelect label="Status" allLabel="All statuses" value={filter.status} options={LINE_STATUSES} onChange={(v) => setFilter(filter.host, v as LineStatus | '')} />
        <button type="button" aria-pressed={following} className={following ? 'toggle on' : 'toggle'} onClick={() => setFollowing((f) => !f)}>
          Follow
        </button>
      </div>
      <div className="output-body">
        <div ref={scrollRef} className="job-output" role="log" aria-label="Job output" aria-live="off" tabIndex={0} onScroll={onScroll} data-rows={count} data-following={following}>
          <div className="job-output-inner" style={{ height: total }}>
            {items.map((it) => {
              const line = store.lineOfRow(it.index);
              const ev = store.eventOfRow(it.index);
              return (
                <OutputRow
                  key={line}
                  row={it.index}
                  lineNo={line + 1}
                  text={store.lineText[line] ?? ''}
                  status={ev ? (eventStatus(ev) ?? '') : ''}
                  query={query}
                  isMatch={matchSet?.has(it.index) ?? false}
                  current={it.index === currentRow}
                  selected={ev !== undefined && ev.uuid === selected}
                  top={it.start}
                  onOpen={onOpen}
                />
              );
            })}
          </div>
          {count === 0 && <p className="output-empty">{filter.host || filter.status ? 'No output matches the filters.' : 'No output yet.'}</p>}
        </div>
        {selectedEvent && <EventDetails event={selectedEvent} onClose={() => setSelected(undefined)} />}
      </div>
    </div>
  );
}
