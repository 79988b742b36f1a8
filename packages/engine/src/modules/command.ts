import { shlexSplit, shQuote } from '../util/shell.js';
import type { Res } from '../executor/result.js';
import type { ModuleContext } from './types.js';

function pyTimestamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

function pyDelta(ms: number): string {
  const total = ms / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const sec = Math.floor(s);
  const micro = Math.round((s - sec) * 1e6);
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}.${String(micro).padStart(6, '0')}`;
}

/** Quote one argv word; a leading ~ stays unquoted so the target's shell expands it. */
function quoteArg(w: string): string {
  const m = /^(~[A-Za-z0-9_.-]*)(\/.*)?$/.exec(w);
  return m ? m[1]! + (m[2] ? shQuote(m[2]) : '') : shQuote(w);
}

const lines = (s: string): string[] => (s === '' ? [] : s.split(/\r?\n/));
const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const bool = (v: unknown, dflt: boolean): boolean =>
  v === undefined || v === null ? dflt : typeof v === 'boolean' ? v : ['yes', 'true', 'on', '1', 'y'].includes(String(v).toLowerCase());

/** A `[ -e path ]` test on the target for creates/removes. */
async function exists(ctx: ModuleContext, path: string): Promise<boolean> {
  const conn = await ctx.connection();
  const r = await conn.exec(`test -e ${shQuote(path)}`);
  return r.rc === 0;
}

/** command and shell: run on the target through sh; Ansible's result shape. */
export async function commandModule(ctx: ModuleContext, shell: boolean): Promise<Res> {
  const a = ctx.args;
  const raw = str(a['_raw_params']) ?? str(a['cmd']);
  const argv = Array.isArray(a['argv']) ? a['argv'].map(String) : undefined;
  if (!raw && !argv) return { failed: true, changed: false, rc: 256, msg: 'no command given' };
  let cmd: string[] | string;
  let line: string;
  if (shell) {
    cmd = raw ?? argv!.join(' ');
    const exe = str(a['executable']);
    line = exe ? `${shQuote(exe)} -c ${shQuote(cmd)}` : cmd;
  } else {
    try {
      cmd = argv ?? shlexSplit(raw!);
    } catch (e) {
      return { failed: true, changed: false, msg: `Error parsing command: ${(e as Error).message}` };
    }
    if (cmd.length === 0) return { failed: true, changed: false, rc: 256, msg: 'no command given' };
    line = cmd.map(quoteArg).join(' ');
  }
  const chdir = str(a['chdir']);
  const creates = str(a['creates']);
  const removes = str(a['removes']);
  if (creates && (await exists(ctx, creates))) {
    return { changed: false, cmd, msg: `Did not run command since '${creates}' exists`, rc: 0, stdout: `skipped, since ${creates} exists`, stdout_lines: [`skipped, since ${creates} exists`], stderr: '', stderr_lines: [] };
  }
  if (removes && !(await exists(ctx, removes))) {
    return { changed: false, cmd, msg: `Did not run command since '${removes}' does not exist`, rc: 0, stdout: `skipped, since ${removes} does not exist`, stdout_lines: [`skipped, since ${removes} does not exist`], stderr: '', stderr_lines: [] };
  }
  if (ctx.check) {
    return { changed: false, msg: 'Command would have run if not in check mode', skipped: true, cmd, rc: 0, stdout: '', stderr: '' };
  }
  if (chdir) line = `cd ${shQuote(chdir)} && { ${line}\n}`;
  let stdin: string | undefined = str(a['stdin']);
  if (stdin !== undefined && bool(a['stdin_add_newline'], true)) stdin += '\n';
  const conn = await ctx.connection();
  const start = new Date();
  const r = await conn.exec(line, { ...(stdin !== undefined ? { stdin } : {}), signal: ctx.signal });
  const end = new Date();
  const strip = bool(a['strip_empty_ends'], true);
  const stdout = strip ? r.stdout.replace(/[\r\n]+$/, '') : r.stdout;
  const stderr = strip ? r.stderr.replace(/[\r\n]+$/, '') : r.stderr;
  const res: Res = {
    changed: true,
    cmd,
    delta: pyDelta(end.getTime() - start.getTime()),
    end: pyTimestamp(end),
    msg: '',
    rc: r.rc,
    start: pyTimestamp(start),
    stderr,
    stderr_lines: lines(stderr),
    stdout,
    stdout_lines: lines(stdout),
  };
  if (r.rc !== 0) {
    res['failed'] = true;
    res['msg'] = 'non-zero return code';
  }
  return res;
}

/** raw: the command line as is; stdout kept with its trailing newline. */
export async function rawModule(ctx: ModuleContext): Promise<Res> {
  const line = str(ctx.args['_raw_params']) ?? '';
  const conn = await ctx.connection();
  const r = await conn.exec(line, { signal: ctx.signal });
  const res: Res = {
    changed: true,
    rc: r.rc,
    stderr: r.stderr,
    stderr_lines: lines(r.stderr.replace(/\n$/, '')),
    stdout: r.stdout,
    stdout_lines: lines(r.stdout.replace(/\n$/, '')),
  };
  if (r.rc !== 0) {
    res['failed'] = true;
    res['msg'] = 'non-zero return code';
  }
  return res;
}
