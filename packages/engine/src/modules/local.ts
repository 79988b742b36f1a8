import { UndefinedError } from '../template/index.js';
import type { Res } from '../executor/result.js';
import type { ModuleContext } from './types.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export async function debugModule(ctx: ModuleContext): Promise<Res> {
  const a = ctx.args;
  if ('msg' in a && 'var' in a) return { failed: true, changed: false, msg: "'msg' and 'var' are incompatible options" };
  if ('var' in a) {
    const name = String(a['var']);
    let value: unknown;
    try {
      value = ctx.templar.template(name.includes('{{') ? name : `{{ ${name} }}`, ctx.vars);
    } catch (e) {
      if (e instanceof UndefinedError) value = ctx.verbosity > 0 ? `VARIABLE IS NOT DEFINED!: ${e.message}` : 'VARIABLE IS NOT DEFINED!';
      else throw e;
    }
    return { [name]: value, changed: false, _ansible_verbose_always: true };
  }
  return { msg: 'msg' in a ? a['msg'] : 'Hello world!', changed: false, _ansible_verbose_always: true };
}

export async function setFactModule(ctx: ModuleContext): Promise<Res> {
  const facts: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ctx.args)) {
    if (k === 'cacheable') continue;
    if (!IDENT.test(k)) {
      return { failed: true, changed: false, msg: `The variable name '${k}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.` };
    }
    facts[k] = typeof v === 'string' && ['true', 'false', 'yes', 'no'].includes(v.toLowerCase()) ? ['true', 'yes'].includes(v.toLowerCase()) : v;
  }
  if (Object.keys(facts).length === 0) {
    return { failed: true, changed: false, msg: 'No key/value pairs provided, at least one is required for this action to succeed' };
  }
  const res: Res = { ansible_facts: facts, changed: false };
  if (ctx.args['cacheable'] === true) res['_ansible_facts_cacheable'] = true;
  return res;
}

export async function assertModule(ctx: ModuleContext): Promise<Res> {
  const a = ctx.args;
  if (!('that' in a)) return { failed: true, changed: false, msg: 'conditional required in "that" string' };
  const that = Array.isArray(a['that']) ? a['that'] : [a['that']];
  const failMsg = a['fail_msg'] ?? a['msg'];
  const quiet = a['quiet'] === true;
  for (const cond of that) {
    const ok = ctx.templar.evaluateConditional(cond, ctx.vars);
    if (!ok) {
      return { failed: true, changed: false, assertion: cond, evaluated_to: false, msg: failMsg ?? 'Assertion failed' };
    }
  }
  const res: Res = { changed: false, msg: a['success_msg'] ?? 'All assertions passed' };
  if (!quiet) res['_ansible_verbose_always'] = true;
  return res;
}

export async function failModule(ctx: ModuleContext): Promise<Res> {
  return { failed: true, changed: false, msg: ctx.args['msg'] ?? 'Failed as requested from task' };
}

export async function pingModule(ctx: ModuleContext): Promise<Res> {
  const data = ctx.args['data'] ?? 'pong';
  if (data === 'crash') return { failed: true, changed: false, msg: 'boom' };
  const conn = await ctx.connection();
  await conn.exec('true');
  return { changed: false, ping: data };
}
