import { UnreachableError, type Connection } from '../connection/index.js';
import { formatPos } from '../errors.js';
import { MODULE_IMPLS } from '../modules/index.js';
import { markUnsafe, OMIT_TOKEN, TemplateError, UndefinedError, type Templar, type Vars } from '../template/index.js';
import type { BlockNode, Raw, TaskNode } from '../playbook/types.js';
import { pyStr } from '../template/index.js';
import { isChanged, isFailed, isSkipped, stripInternal, type Res } from './result.js';

export type ItemStatus = 'ok' | 'failed' | 'skipped';

export interface TaskRun {
  readonly host: string;
  readonly task: TaskNode;
  readonly templar: Templar;
  readonly check: boolean;
  /** -v count (debug shows why a variable is undefined from -v on). */
  readonly verbosity: number;
  /** Aborts a running module (Ctrl-C, job cancel). */
  readonly signal?: AbortSignal;
  /** Variables for this host and task, plus per-call extras (loop vars). */
  vars(extra?: Record<string, unknown>): Vars;
  connection(): Promise<Connection>;
  /** Called as each loop item finishes (for runner_item_on_* events). */
  onItem(res: Res, status: ItemStatus): void;
}

/** Every `when` that applies to a task: its parents' (outermost first), then its own. */
export function conditionsOf(task: TaskNode): Raw[] {
  const out: Raw[] = [];
  const chain: BlockNode[] = [];
  for (let b = task.parent; b; b = b.parent) chain.unshift(b);
  for (const b of chain) out.push(...b.when);
  out.push(...task.when);
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function where(task: TaskNode): string {
  return `\n\nThe error appears to be in '${formatPos(task.pos)}'`;
}

/** Evaluate conditions; a template error becomes Ansible's conditional failure message. */
function evalConditions(conds: readonly Raw[], vars: Vars, templar: Templar): { ok: boolean; error?: string } {
  for (const c of conds) {
    try {
      if (!templar.evaluateConditional(c, vars)) return { ok: false };
    } catch (e) {
      // the templar words it as Ansible does ("The conditional check '...' failed. The error was: ...")
      return { ok: false, error: errorText(e) };
    }
  }
  return { ok: true };
}

function removeOmit(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== OMIT_TOKEN).map(removeOmit);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== OMIT_TOKEN) out[k] = removeOmit(x);
    return out;
  }
  return v;
}

/** Templated loop items, or an error message. */
function loopItems(task: TaskNode, vars: Vars, templar: Templar): unknown[] | string {
  let value: unknown;
  try {
    value = templar.template(task.loop, vars);
  } catch (e) {
    return e instanceof TemplateError ? e.ansibleMessage : errorText(e);
  }
  const w = task.loopWith;
  if (w === undefined || w === 'list') {
    if (!Array.isArray(value)) {
      return `Invalid data passed to 'loop', it requires a list, got this instead: ${pyStr(value)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`;
    }
    return value;
  }
  const list = Array.isArray(value) ? value : [value];
  switch (w) {
    case 'items':
    case 'flattened':
      return w === 'items' ? list.flatMap((x) => (Array.isArray(x) ? x : [x])) : list.flat(Infinity);
    case 'dict':
      if (!value || typeof value !== 'object' || Array.isArray(value)) return 'with_dict expects a dict';
      return Object.entries(value).map(([key, v]) => ({ key, value: v }));
    case 'indexed_items':
      return list.flatMap((x) => (Array.isArray(x) ? x : [x])).map((x, i) => [i, x]);
    case 'together': {
      const lists = list.map((x) => (Array.isArray(x) ? x : [x]));
      const n = Math.max(0, ...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : null)));
    }
    case 'nested':
    case 'cartesian': {
      const lists = list.map((x) => (Array.isArray(x) ? x : [x]));
      return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
    }
    case 'sequence': {
      const spec = String(list[0] ?? '');
      const kv = Object.fromEntries(spec.split(/\s+/).filter(Boolean).map((p) => p.split('=') as [string, string]));
      const start = Number(kv['start'] ?? 1);
      const end = Number(kv['end'] ?? (kv['count'] !== undefined ? start + Number(kv['count']) - 1 : start));
      const stride = Number(kv['stride'] ?? 1);
      const fmt = kv['format'] ?? '%d';
      const out: string[] = [];
      for (let i = start; stride > 0 ? i <= end : i >= end; i += stride) out.push(fmt.replace(/%0?(\d*)d/, (m, w2) => String(i).padStart(Number(w2 || 0), m.startsWith('%0') ? '0' : ' ')));
      return out;
    }
    default:
      return `lookup plugin '${w}' is not supported (with_${w})`;
  }
}

/** Run one task on one host: loop, conditions, module, changed_when/failed_when. Never throws for task failure. */
export async function runTask(run: TaskRun): Promise<Res> {
  const { task, templar } = run;
  if (task.loop === undefined) return runOnce(run, {});
  const baseVars = run.vars();
  const items = loopItems(task, baseVars, templar);
  if (typeof items === 'string') return { failed: true, changed: false, msg: items };
  if (items.length === 0) return { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] };
  const lc = task.loopControl ?? {};
  const loopVar = typeof lc['loop_var'] === 'string' ? lc['loop_var'] : 'item';
  const indexVar = typeof lc['index_var'] === 'string' ? lc['index_var'] : undefined;
  const extended = lc['extended'] === true;
  const results: Res[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const extra: Record<string, unknown> = { [loopVar]: item, ansible_loop_var: loopVar };
    if (indexVar) {
      extra[indexVar] = i;
      extra['ansible_index_var'] = indexVar;
    }
    if (extended) {
      extra['ansible_loop'] = {
        allitems: items, index: i + 1, index0: i, revindex: items.length - i, revindex0: items.length - i - 1,
        first: i === 0, last: i === items.length - 1, length: items.length,
        previtem: i > 0 ? items[i - 1] : undefined, nextitem: i < items.length - 1 ? items[i + 1] : undefined,
      };
    }
    const r = await runOnce(run, extra);
    if (r['unreachable'] === true) return r;
    r[loopVar] = item;
    r['ansible_loop_var'] = loopVar;
    if (indexVar) {
      r[indexVar] = i;
      r['ansible_index_var'] = indexVar;
    }
    if (lc['label'] !== undefined) {
      try {
        r['_ansible_item_label'] = templar.template(lc['label'], run.vars(extra));
      } catch {
        r['_ansible_item_label'] = lc['label'];
      }
    }
    results.push(r);
    run.onItem(r, isFailed(r) ? 'failed' : r['skipped'] === true ? 'skipped' : 'ok');
    const pause = Number(lc['pause'] ?? 0);
    if (pause > 0) await new Promise((res) => setTimeout(res, pause * 1000));
  }
  const res: Res = { results, changed: results.some((r) => r['changed'] === true) };
  if (results.some((r) => r['failed'] === true)) {
    res['failed'] = true;
    res['msg'] = 'One or more items failed';
  } else if (results.every((r) => r['skipped'] === true)) {
    res['skipped'] = true;
    res['msg'] = 'All items skipped';
  } else {
    res['msg'] = 'All items completed';
  }
  return res;
}

/** One execution (one loop item, or the task itself): when, args, module, post-conditions. */
async function runOnce(run: TaskRun, extra: Record<string, unknown>): Promise<Res> {
  const { task, templar } = run;
  const vars = run.vars(extra);
  const cond = evalConditions(conditionsOf(task), vars, templar);
  if (cond.error) return { failed: true, changed: false, msg: cond.error + where(task) };
  if (!cond.ok) return { changed: false, skipped: true, skip_reason: 'Conditional result was False' };

  let args: Record<string, unknown>;
  try {
    args = removeOmit(templar.template(task.args, vars)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof UndefinedError) {
      return {
        failed: true,
        changed: false,
        msg: `The task includes an option with an undefined variable. The error was: ${e.message}. ${e.message}${where(task)}`,
      };
    }
    return { failed: true, changed: false, msg: `${errorText(e)}${where(task)}` };
  }

  let res: Res;
  if (task.action === 'include_tasks') {
    const file = args['_raw_params'] ?? args['file'];
    res = { include: file, include_args: Object.fromEntries(Object.entries(args).filter(([k]) => k !== '_raw_params' && k !== 'file')) };
  } else if (task.action === 'include_role') {
    res = { include_role: args, changed: false };
  } else {
    const impl = MODULE_IMPLS[task.action];
    if (!impl) return { failed: true, changed: false, msg: `module '${task.action}' cannot run here` };
    const attempt = () =>
      impl({ host: run.host, task, args, vars, templar, check: run.check, verbosity: run.verbosity, signal: run.signal, connection: () => run.connection() });
    try {
      res = await withUntil(run, attempt, extra);
    } catch (e) {
      if (e instanceof UnreachableError) return { unreachable: true, changed: false, msg: e.message };
      if (e instanceof UndefinedError) {
        return { failed: true, changed: false, msg: `The task includes an option with an undefined variable. The error was: ${e.message}${where(task)}` };
      }
      return { failed: true, changed: false, msg: `MODULE FAILURE: ${errorText(e)}` };
    }
  }
  if (res['changed'] === undefined) res['changed'] = false;
  const post = postConditions(run, res, extra);
  if (post) return post;
  if (!isFailed(res) && !isSkipped(res) && task.notify.length > 0) {
    try {
      res['_ansible_notify'] = task.notify.map((n) => pyStr(templar.template(n, vars)));
    } catch (e) {
      return { failed: true, changed: false, msg: `Error templating notify: ${errorText(e)}` };
    }
  }
  if (task.noLog !== undefined && templar.evaluateConditional(task.noLog, vars)) {
    const keep = ['changed', 'failed', 'skipped', 'unreachable', '_ansible_notify', 'ansible_facts'];
    const censored: Res = { censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result" };
    for (const k of keep) if (k in res) censored[k] = res[k];
    censored['_ansible_no_log'] = true;
    return censored;
  }
  return res;
}

/** changed_when / failed_when, evaluated with the registered name bound to this result. */
function postConditions(run: TaskRun, res: Res, extra: Record<string, unknown>): Res | undefined {
  const { task, templar } = run;
  if (!task.changedWhen && !task.failedWhen) return undefined;
  const bound = task.register ? { ...extra, [task.register]: markUnsafe(stripInternal(res)) } : extra;
  const vars = run.vars(bound);
  if (task.changedWhen) {
    const c = evalConditions(task.changedWhen, vars, templar);
    if (c.error) return { ...res, failed: true, msg: c.error + where(task) };
    res['changed'] = c.ok;
  }
  if (task.failedWhen) {
    const f = evalConditions(task.failedWhen, vars, templar);
    if (f.error) return { ...res, failed: true, msg: f.error + where(task) };
    res['failed_when_result'] = f.ok;
    res['failed'] = f.ok;
  }
  return undefined;
}

/** until/retries/delay: repeat the module until the condition holds. */
async function withUntil(run: TaskRun, attempt: () => Promise<Res>, extra: Record<string, unknown>): Promise<Res> {
  const { task, templar } = run;
  if (!task.until) return attempt();
  const retries = Math.max(1, Number(templar.template(task.retries ?? 3, run.vars(extra))) + 1);
  const delay = Number(templar.template(task.delay ?? 5, run.vars(extra)));
  let res: Res = {};
  for (let n = 1; n <= retries; n++) {
    res = await attempt();
    res['attempts'] = n;
    const bound = task.register ? { ...extra, [task.register]: markUnsafe(stripInternal(res)) } : extra;
    const c = evalConditions(task.until, run.vars(bound), templar);
    if (c.ok) return res;
    if (n < retries && delay > 0) await new Promise((r) => setTimeout(r, delay * 1000));
  }
  res['failed'] = true;
  return res;
}

export { isChanged };
