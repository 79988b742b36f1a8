/**
 * Host addresses and host ranges, as ansible-core 2.14 reads them
 * (ansible/parsing/utils/addresses.py and expand_hostname_range in ansible/plugins/inventory/__init__.py).
 */

// Python's `\w` on str patterns is Unicode-aware.
const W = '[\\p{L}\\p{N}_]';

const numericRange = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const hexadecimalRange = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const alphanumericRange = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const ipv6Component = `(?:[0-9a-f]{1,4}|${hexadecimalRange})`;
const ipv4Component = `(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${numericRange})`;
const label = `(?:${W}|${alphanumericRange})(?:${W}|[_-]|${alphanumericRange})*(?<![_-])`;

const c6 = ipv6Component;
// In Ansible's verbose regex `^` binds to the first alternative and `$` to the last only;
// re.match anchors every alternative at the start. Reproduced as is.
const ipv6Alternatives = [
  `(?:${c6}:){7}${c6}`,
  `(?:${c6}:){1,6}:`,
  `(?:${c6}:)(?::${c6}){1,6}`,
  `(?:${c6}:){2}(?::${c6}){1,5}`,
  `(?:${c6}:){3}(?::${c6}){1,4}`,
  `(?:${c6}:){4}(?::${c6}){1,3}`,
  `(?:${c6}:){5}(?::${c6}){1,2}`,
  `(?:${c6}:){6}(?::${c6})`,
  `:(?::${c6}){1,6}`,
  `${c6}?::`,
  `(?:0:){6}(?:${c6}\\.){3}${c6}`,
  `::(?:ffff:)?(?:${c6}\\.){3}${c6}`,
  `(?:0:){5}ffff:(?:${c6}\\.){3}${c6}$`,
];

export const addressPatterns = {
  bracketedHostport: /^\[(.+)\]:([0-9]+)$/su,
  hostport: /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/su,
  ipv4: new RegExp(`^(?:${ipv4Component}\\.){3}${ipv4Component}$`, 'iu'),
  ipv6: new RegExp(`^(?:${ipv6Alternatives.join('|')})`, 'iu'),
  hostname: new RegExp(`^${label}(?:\\.${label})*$`, 'iu'),
} as const;

export type ParsedAddress = { ok: true; host: string; port: number | undefined } | { ok: false; error: string };

/** parse_address(): split an optional :port suffix and check that what is left is an address or host name. */
export function parseAddress(address: string, allowRanges: boolean): ParsedAddress {
  let addr = address;
  let port: number | undefined;
  for (const re of [addressPatterns.bracketedHostport, addressPatterns.hostport]) {
    const m = re.exec(addr);
    if (m) {
      addr = m[1]!;
      port = Number.parseInt(m[2]!, 10);
    }
  }
  const valid = [addressPatterns.ipv4, addressPatterns.ipv6, addressPatterns.hostname].some((re) => re.test(addr));
  if (!valid) return { ok: false, error: `Not a valid network hostname: ${addr}` };
  if (!allowRanges && addr.includes('[')) return { ok: false, error: 'Detected range in host but was asked to ignore ranges' };
  return { ok: true, host: addr, port };
}

/** True when Ansible would keep the whole name as inventory_hostname_short (an IPv4/IPv6 address). */
export function looksLikeIpAddress(name: string): boolean {
  return addressPatterns.ipv4.test(name) || addressPatterns.ipv6.test(name);
}

export class HostRangeError extends Error {}

const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Python int() on a decimal string (whitespace, sign and underscores between digits allowed). */
export function pyInt(s: string): number {
  const t = s.trim();
  if (!/^[+-]?[0-9]+(?:_[0-9]+)*$/.test(t)) {
    throw new HostRangeError(`invalid literal for int() with base 10: '${s}'`);
  }
  return Number.parseInt(t.replace(/_/g, ''), 10);
}

/** expand_hostname_range(): 'web[01:03]x' -> web01x, web02x, web03x (ranges may nest and repeat). */
export function expandHostnameRange(line: string): string[] {
  if (!line) return [];
  const parts = line.replace('[', '|').replace(']', '|').split('|');
  if (parts.length !== 3) {
    throw new HostRangeError(`${parts.length > 3 ? 'too many' : 'not enough'} values to unpack (expected 3, got ${parts.length})`);
  }
  const [head, nrange, tail] = parts as [string, string, string];
  const bounds = nrange.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) throw new HostRangeError('host range must be begin:end or begin:end:step');
  let beg = bounds[0]!;
  const end = bounds[1]!;
  const step = bounds.length === 2 ? '1' : bounds[2]!;
  if (!beg) beg = '0';
  if (!end) throw new HostRangeError('host range must specify end value');
  let fill = (x: string | number): string => String(x);
  if (beg[0] === '0' && beg.length > 1) {
    const rlen = beg.length;
    if (rlen !== end.length) throw new HostRangeError('host range must specify equal-length begin and end formats');
    fill = (x) => zfill(String(x), rlen);
  }
  let seq: (string | number)[];
  const iBeg = ASCII_LETTERS.indexOf(beg);
  const iEnd = ASCII_LETTERS.indexOf(end);
  let alpha = iBeg >= 0 && iEnd >= 0;
  if (alpha && iBeg > iEnd) throw new HostRangeError('host range must have begin <= end');
  seq = [];
  if (alpha) {
    // int(step) failing, or a zero step, raises ValueError, which Ansible catches and retries numerically.
    let st: number | undefined;
    try {
      st = pyInt(step);
    } catch {
      alpha = false;
    }
    if (st === 0) alpha = false;
    if (alpha && st !== undefined) seq = pySlice(ASCII_LETTERS, iBeg, iEnd + 1, st);
  }
  if (!alpha) {
    const b = pyInt(beg);
    const e = pyInt(end) + 1;
    const st = pyInt(step);
    if (st === 0) throw new HostRangeError('range() arg 3 must not be zero');
    seq = [];
    if (st > 0) for (let i = b; i < e; i += st) seq.push(i);
    else for (let i = b; i > e; i += st) seq.push(i);
  }
  const out: string[] = [];
  for (const r of seq) {
    const hname = head + fill(r) + tail;
    if (hname.includes('[')) out.push(...expandHostnameRange(hname));
    else out.push(hname);
  }
  return out;
}

function zfill(s: string, width: number): string {
  const neg = s.startsWith('-');
  const digits = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + digits.padStart(width - (neg ? 1 : 0), '0');
}

/** Python letters[start:stop:step] for in-range start and stop. */
function pySlice(letters: string, start: number, stop: number, step: number): string[] {
  const out: string[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(letters[i]!);
  else for (let i = start; i > stop; i += step) out.push(letters[i]!);
  return out;
}

/**
 * BaseInventoryPlugin._expand_hostpattern(): a host key of an INI line or YAML `hosts:` map
 * to (names, port). An unparsable address is kept whole, without a port.
 */
export function expandHostPattern(hostpattern: string): { names: string[]; port: number | undefined } {
  const parsed = parseAddress(hostpattern, true);
  const pattern = parsed.ok ? parsed.host : hostpattern;
  const port = parsed.ok ? parsed.port : undefined;
  const names = pattern.includes('[') ? expandHostnameRange(pattern) : [pattern];
  return { names, port };
}
