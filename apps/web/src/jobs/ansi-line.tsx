/**
 * One line of CLI output with its ANSI colours as React spans (classes ansi-<colour>, ansi-bold, ...;
 * parsed with anser, never injected as HTML) and the search matches wrapped in <mark>.
 */
import Anser from 'anser';
import { memo, type ReactNode } from 'react';
import { matchRanges } from './output-store';

interface Segment {
  text: string;
  className: string;
}

const cache = new Map<string, Segment[]>();
const CACHE_MAX = 2000;

/** The coloured segments of a line (memoized: visible lines are re-rendered often). */
export function ansiSegments(line: string): Segment[] {
  const hit = cache.get(line);
  if (hit) return hit;
  let segs: Segment[];
  if (line.indexOf('\x1b') === -1) {
    segs = [{ text: line, className: '' }];
  } else {
    segs = Anser.ansiToJson(line, { json: true, use_classes: true, remove_empty: true }).map((e) => {
      const cls: string[] = [];
      if (e.fg) cls.push(e.fg);
      if (e.bg) cls.push(`${e.bg}-bg`);
      for (const d of e.decorations) cls.push(`ansi-${d}`);
      return { text: e.content, className: cls.join(' ') };
    });
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(line, segs);
  return segs;
}

function cut(segs: Segment[], ranges: Array<[number, number]>, current: boolean): ReactNode[] {
  const out: ReactNode[] = [];
  let pos = 0;
  let key = 0;
  for (const s of segs) {
    const start = pos;
    const end = pos + s.text.length;
    pos = end;
    let at = start;
    const parts: ReactNode[] = [];
    for (const [a, b] of ranges) {
      if (b <= at || a >= end) continue;
      const from = Math.max(a, at);
      const to = Math.min(b, end);
      if (from > at) parts.push(s.text.slice(at - start, from - start));
      parts.push(
        <mark key={`m${key++}`} className={current ? 'match current' : 'match'}>
          {s.text.slice(from - start, to - start)}
        </mark>,
      );
      at = to;
    }
    if (at < end) parts.push(s.text.slice(at - start));
    out.push(
      s.className ? (
        <span key={key++} className={s.className}>
          {parts}
        </span>
      ) : (
        <span key={key++}>{parts}</span>
      ),
    );
  }
  return out;
}

export const AnsiLine = memo(function AnsiLine({ text, query, current }: { text: string; query: string; current: boolean }) {
  const segs = ansiSegments(text);
  const plain = segs.map((s) => s.text).join('');
  return <>{cut(segs, matchRanges(plain, query), current)}</>;
});
