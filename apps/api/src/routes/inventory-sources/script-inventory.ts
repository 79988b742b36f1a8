/**
 * Dynamic inventory: runs a script from a project (`<script> --list`, as Ansible's script plugin does)
 * and turns its JSON (`{group: {hosts, vars, children}, _meta: {hostvars}}`) into YAML-inventory data,
 * which the engine's own parser then reads like any imported inventory.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class ScriptInventoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScriptInventoryError';
  }
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Run `<path> --list` in the project directory; its stdout must be a JSON object. */
export async function runInventoryScript(path: string, cwd: string, timeoutMs = 60_000): Promise<Dict> {
  let stdout: string;
  try {
    ({ stdout } = await run(path, ['--list'], { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }));
  } catch (e) {
    const err = e as { code?: string | number; stderr?: string; killed?: boolean };
    if (err.killed) throw new ScriptInventoryError(`the inventory script did not finish within ${timeoutMs / 1000} s`);
    if (err.code === 'EACCES') throw new ScriptInventoryError('the inventory script is not executable');
    if (err.code === 'ENOENT') throw new ScriptInventoryError('the inventory script does not exist');
    throw new ScriptInventoryError(`the inventory script failed (exit ${String(err.code)}): ${(err.stderr ?? '').trim().slice(0, 2000)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw new ScriptInventoryError('the inventory script did not print a JSON object');
  }
  if (!isDict(data)) throw new ScriptInventoryError('the inventory script did not print a JSON object');
  return data;
}

/** Ansible's script inventory JSON → the YAML inventory structure (as a plain object). */
export function scriptToYamlInventory(data: Dict): Dict {
  const meta = isDict(data['_meta']) ? data['_meta'] : {};
  const hostvars = isDict(meta['hostvars']) ? meta['hostvars'] : {};
  const seen = new Set<string>();
  const hostEntry = (h: string): Dict => {
    if (seen.has(h)) return {};
    seen.add(h);
    return isDict(hostvars[h]) ? { ...hostvars[h] } : {};
  };
  const groups: Dict = {};
  let allVars: Dict = {};
  for (const [name, raw] of Object.entries(data)) {
    if (name === '_meta') continue;
    // a group is either a list of hosts or {hosts, vars, children}
    const g = Array.isArray(raw) ? { hosts: raw } : isDict(raw) ? raw : {};
    const hosts: Dict = {};
    for (const h of Array.isArray(g['hosts']) ? g['hosts'] : []) hosts[String(h)] = hostEntry(String(h));
    const children: Dict = {};
    for (const c of Array.isArray(g['children']) ? g['children'] : []) children[String(c)] = {};
    const vars = isDict(g['vars']) ? g['vars'] : {};
    if (name === 'all') {
      allVars = vars;
      if (Object.keys(hosts).length) groups['ungrouped'] = { hosts };
      continue;
    }
    groups[name] = {
      ...(Object.keys(hosts).length ? { hosts } : {}),
      ...(Object.keys(vars).length ? { vars } : {}),
      ...(Object.keys(children).length ? { children } : {}),
    };
  }
  // hosts known only from _meta belong to `ungrouped`
  const rest = Object.keys(hostvars).filter((h) => !seen.has(h));
  if (rest.length) {
    const ungrouped = (groups['ungrouped'] ??= {}) as Dict;
    const hosts = ((ungrouped['hosts'] as Dict | undefined) ??= {}) as Dict;
    for (const h of rest) hosts[h] = hostEntry(h);
  }
  return { all: { ...(Object.keys(allVars).length ? { vars: allVars } : {}), children: groups } };
}
