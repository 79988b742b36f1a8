/**
 * Reduces the default-callback output of `ansible-playbook` (or of `drover playbook`,
 * which must print the same) to a trace that can be compared across runs.
 *
 * Kept, in order:
 *  - banners: `PLAY x`, `TASK x`, `HANDLER x` (from `RUNNING HANDLER [x]`), `NO MORE HOSTS LEFT`, `RECAP`;
 *  - per-host result lines, indented by two spaces, SORTED within each banner block (hosts run in
 *    parallel, so their order inside a block is free):
 *      `  <status> <host>[ item=<label>][ key=<json> ...][ msg=<first line>][ ignored]`
 *    status is ok|changed|skipping|failed|fatal|unreachable. Results printed with a JSON body
 *    (debug, assert, ...) get every key of the body as ` key=<compact json>`, in printed order.
 *    FAILED results get only the first line of their `msg` (no timestamps, no file positions);
 *    UNREACHABLE results get nothing (the SSH error text depends on the machine);
 *  - `  included <file> for <hosts sorted>[ item=<label>]`, the file relative to the case dir;
 *  - `  no hosts matched` (a play whose pattern matched nothing);
 *  - `ERROR <first line of the message>` for `ERROR! ...` (paths made relative to the case dir);
 *  - the recap lines, `host ok=N changed=N unreachable=N failed=N skipped=N rescued=N ignored=N`.
 * Dropped: `[WARNING]`/`[DEPRECATION WARNING]` text (stderr ordering is unstable), blank lines,
 * banner stars, everything else.
 */

export interface NormalizeOptions {
  /** Absolute path of the directory the playbook ran in; stripped from file paths. */
  caseDir?: string;
}

const BANNER = /^(PLAY|TASK|RUNNING HANDLER) \[(.*)\] \*{3,}$/;
const NO_MORE = /^NO MORE HOSTS LEFT \*{3,}$/;
const RECAP_BANNER = /^PLAY RECAP \*{3,}$/;
const RECAP_LINE =
  /^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)\s+rescued=(\d+)\s+ignored=(\d+)/;
/** `status: [host]` and the rest of the line. */
const HOST_LINE = /^(ok|changed|skipping|fatal|failed|unreachable): \[([^\]]+)\](.*)$/;
const ITEM_PART = /^\(item=(.*?)\)(?: => (\{.*))?\s*$/;
const INCLUDED = /^included: (.+?) for (.+?)(?: => \(item=(.*)\))?\s*$/;
const RECAP_KEYS = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'];

function stripPaths(text: string, caseDir?: string): string {
  let t = text;
  if (caseDir) {
    const dir = caseDir.replace(/\/+$/, '');
    t = t.split(dir + '/').join('');
  }
  // Any other absolute path into a case directory: keep the part below the case dir.
  return t.replace(/(?:\/[^\s'"/]+)*\/cases\/[^\s'"/]+\//g, '');
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

function compact(value: unknown): string {
  return JSON.stringify(value);
}

/** The attachments for a JSON result body printed after ` => `. */
function describeBody(body: string, failed: boolean, unreachable: boolean): string {
  if (unreachable) return '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '';
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return '';
  const obj = parsed as Record<string, unknown>;
  if (failed) {
    const msg = obj['msg'];
    if (typeof msg === 'string') return ` msg=${compact(firstLine(msg))}`;
    if (msg !== undefined) return ` msg=${compact(msg)}`;
    return '';
  }
  let out = '';
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith('_ansible')) continue;
    out += ` ${k}=${compact(v)}`;
  }
  return out;
}

export function normalizeTrace(raw: string, options: NormalizeOptions = {}): string {
  const lines = raw.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  let block: string[] = [];
  let last = -1;
  let inRecap = false;

  const flush = (): void => {
    out.push(...[...block].sort());
    block = [];
    last = -1;
  };

  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i];

    let m = BANNER.exec(ln);
    if (m) {
      flush();
      inRecap = false;
      const kind = m[1] === 'RUNNING HANDLER' ? 'HANDLER' : m[1];
      out.push(`${kind} ${m[2]}`);
      continue;
    }
    if (NO_MORE.test(ln)) {
      flush();
      out.push('NO MORE HOSTS LEFT');
      continue;
    }
    if (RECAP_BANNER.test(ln)) {
      flush();
      out.push('RECAP');
      inRecap = true;
      continue;
    }
    if (inRecap) {
      const r = RECAP_LINE.exec(ln);
      if (r) {
        block.push([r[1], ...RECAP_KEYS.map((k, j) => `${k}=${r[j + 2]}`)].join(' '));
        continue;
      }
    }
    if (ln.startsWith('ERROR! ')) {
      flush();
      out.push(`ERROR ${stripPaths(firstLine(ln.slice('ERROR! '.length)), options.caseDir).trim()}`);
      continue;
    }
    if (ln.startsWith('...ignoring')) {
      if (last >= 0) block[last] += ' ignored';
      continue;
    }
    if (ln.startsWith('skipping: no hosts matched')) {
      block.push('  no hosts matched');
      last = block.length - 1;
      continue;
    }
    m = INCLUDED.exec(ln);
    if (m) {
      const hosts = m[2].split(',').map((h) => h.trim()).filter(Boolean).sort();
      let s = `  included ${stripPaths(m[1], options.caseDir)} for ${hosts.join(', ')}`;
      if (m[3] !== undefined) s += ` item=${m[3]}`;
      block.push(s);
      last = block.length - 1;
      continue;
    }
    m = HOST_LINE.exec(ln);
    if (m) {
      let status = m[1];
      const host = m[2];
      let rest = m[3];
      let unreachable = false;
      if (rest.startsWith(': UNREACHABLE!')) {
        unreachable = true;
        status = 'unreachable';
        rest = rest.slice(': UNREACHABLE!'.length);
      } else if (rest.startsWith(': FAILED!')) {
        rest = rest.slice(': FAILED!'.length);
      }
      rest = rest.replace(/^ => /, ' ').replace(/^ /, '');
      let item: string | undefined;
      let body: string | undefined;
      const im = ITEM_PART.exec(rest);
      if (im) {
        item = im[1];
        body = im[2];
      } else if (rest.startsWith('{')) {
        body = rest;
      }
      if (body === '{') {
        // A multi-line JSON body: it ends at the first line that is exactly `}`.
        const bodyLines = ['{'];
        while (i + 1 < lines.length) {
          i++;
          bodyLines.push(lines[i]);
          if (lines[i] === '}') break;
        }
        body = bodyLines.join('\n');
      }
      let s = `  ${status} ${host}`;
      if (item !== undefined) s += ` item=${item}`;
      if (body !== undefined) {
        s += describeBody(body, status === 'fatal' || status === 'failed', unreachable);
      }
      block.push(s);
      last = block.length - 1;
      continue;
    }
  }
  flush();
  return out.join('\n');
}

/** The content of an expected/<case>.txt file: the normalized trace, then `EXIT <code>`. */
export function formatCaseResult(raw: string, exitCode: number | string, options: NormalizeOptions = {}): string {
  const trace = normalizeTrace(raw, options);
  return `${trace ? trace + '\n' : ''}EXIT ${exitCode}\n`;
}
