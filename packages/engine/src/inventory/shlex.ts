/**
 * Python's shlex.split(s, comments=True, posix=True), which the INI inventory uses on host lines.
 * Throws ShlexError with Python's message ("No closing quotation", "No escaped character").
 */
export class ShlexError extends Error {}

const WHITESPACE = ' \t\r\n';
const QUOTES = `'"`;
const ESCAPE = '\\';
const ESCAPED_QUOTES = '"';

export function shlexSplit(s: string, comments = true): string[] {
  const tokens: string[] = [];
  let i = 0;
  const n = s.length;
  const skipLine = (): void => {
    while (i < n && s[i] !== '\n') i++;
    if (i < n) i++;
  };
  for (;;) {
    let token = '';
    let quoted = false;
    let state: string | null = ' ';
    let escapedState = ' ';
    let emitted = false;
    while (!emitted) {
      const c = i < n ? s[i]! : '';
      i++;
      if (state === ' ') {
        if (!c) {
          state = null;
          break;
        } else if (WHITESPACE.includes(c)) {
          if (token || quoted) emitted = true;
        } else if (comments && c === '#') {
          skipLine();
        } else if (c === ESCAPE) {
          escapedState = 'a';
          state = c;
        } else if (QUOTES.includes(c)) {
          state = c;
        } else {
          token = c;
          state = 'a';
        }
      } else if (state !== null && QUOTES.includes(state)) {
        quoted = true;
        if (!c) throw new ShlexError('No closing quotation');
        if (c === state) {
          state = 'a';
        } else if (c === ESCAPE && ESCAPED_QUOTES.includes(state)) {
          escapedState = state;
          state = c;
        } else {
          token += c;
        }
      } else if (state === ESCAPE) {
        if (!c) throw new ShlexError('No escaped character');
        // Within quotes only the quote itself or the escape character may be escaped.
        if (QUOTES.includes(escapedState) && c !== state && c !== escapedState) token += state;
        token += c;
        state = escapedState;
      } else if (state === 'a') {
        if (!c) {
          state = null;
          break;
        } else if (WHITESPACE.includes(c)) {
          state = ' ';
          if (token || quoted) emitted = true;
        } else if (comments && c === '#') {
          skipLine();
          state = ' ';
          if (token || quoted) emitted = true;
        } else if (QUOTES.includes(c)) {
          state = c;
        } else if (c === ESCAPE) {
          escapedState = 'a';
          state = c;
        } else {
          token += c;
        }
      }
    }
    if (!quoted && token === '') {
      if (state === null) return tokens;
      continue;
    }
    tokens.push(token);
    if (state === null) return tokens;
  }
}
