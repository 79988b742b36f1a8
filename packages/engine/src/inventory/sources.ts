/**
 * Inventory sources, as ansible-core 2.14's InventoryManager.parse_sources/parse_source handle them:
 * a file (yaml plugin first for .yml/.yaml/.json or extension-less files, then ini), a directory (every
 * entry in byte order, recursively, skipping hidden files, group_vars/host_vars and ignored extensions),
 * or a comma-separated host list (host_list plugin) when the argument has a comma and is not a path.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DroverError } from '../errors.js';
import { parseAddress } from './address.js';
import { parseIni } from './ini-source.js';
import { InventoryData } from './model.js';
import { loadData } from './yaml-load.js';
import { checkYamlInventory, NotYamlInventory, parseYamlInventory } from './yaml-source.js';

// IGNORED_ALWAYS + INVENTORY_IGNORE_EXTS (REJECT_EXTS + .orig .ini .cfg .retry); no IGNORE_PATTERNS by default
const IGNORED =
  /^\.|^host_vars$|^group_vars$|^vars_plugins$|\.pyc$|\.pyo$|\.swp$|\.bak$|~$|\.rpm$|\.md$|\.txt$|\.rst$|\.orig$|\.ini$|\.cfg$|\.retry$/;
const YAML_EXTS = ['.yaml', '.yml', '.json'];
/** C.DEFAULT_HOST_LIST */
export const DEFAULT_SOURCE = '/etc/ansible/hosts';

/** os.path.expanduser + expandvars + abspath + normpath (unfrackpath with follow=False). */
export function unfrackPath(p: string, cwd: string): string {
  let out = p.replace(/\$(\w+|\{[^}]*\})/g, (m: string, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    return process.env[key] ?? m;
  });
  if (out === '~' || out.startsWith('~/')) out = homedir() + out.slice(1);
  return resolve(cwd, out);
}

/** The directory whose group_vars/ and host_vars/ belong to a source; undefined for a host list. */
export async function sourceVarsDir(source: string, cwd: string): Promise<string | undefined> {
  const abs = resolve(cwd, source);
  const st = await statOrNull(abs);
  if (source.includes(',') && !st) return undefined;
  return st?.isDirectory() ? abs : dirname(abs);
}

async function statOrNull(p: string): Promise<import('node:fs').Stats | null> {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

function splitext(p: string): string {
  const base = p.slice(p.lastIndexOf('/') + 1).replace(/^\.+/, '');
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i);
}

function byteCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Parse every source into one inventory, then reconcile it. */
export async function parseSources(sources: readonly string[], cwd: string): Promise<InventoryData> {
  const inv = new InventoryData();
  let parsed = false;
  for (const raw of sources) {
    if (!raw) continue;
    const source = raw.includes(',') ? raw : unfrackPath(raw, cwd);
    if (await parseSource(inv, source, cwd)) parsed = true;
  }
  if (!parsed) inv.warn('No inventory was parsed, only implicit localhost is available');
  inv.reconcile();
  return inv;
}

async function parseSource(inv: InventoryData, source: string, cwd: string): Promise<boolean> {
  const st = await statOrNull(resolve(cwd, source));
  if (st?.isDirectory()) {
    const entries = (await readdir(resolve(cwd, source))).sort(byteCompare);
    let parsed = false;
    for (const name of entries) {
      if (IGNORED.test(name)) continue;
      if (await parseSource(inv, join(source, name), cwd)) parsed = true;
    }
    if (!parsed) inv.warn(`Unable to parse ${source} as an inventory source`);
    return parsed;
  }
  if (!st) {
    if (source.includes(',')) {
      parseHostList(inv, source);
      return true;
    }
    // Ansible's default source may be absent without a word (then: 'No inventory was parsed').
    if (source === DEFAULT_SOURCE) return false;
    throw new DroverError('DRV_ENGINE_INVENTORY', `Unable to parse ${source} as an inventory source: no such file or directory`, {
      file: source,
    });
  }
  const file = resolve(cwd, source);
  inv.currentSource = { file: source.includes(',') ? source : file, dir: dirname(file) };
  try {
    await parseFile(inv, file, (st.mode & 0o111) !== 0);
  } finally {
    inv.currentSource = undefined;
  }
  return true;
}

/** The host_list plugin: 'h1,h2:2222,' -> ungrouped hosts (existing hosts are left alone). */
function parseHostList(inv: InventoryData, source: string): void {
  // Ansible's basedir() of a host list is to_text(None): the string 'None'.
  inv.currentSource = { file: source, dir: 'None' };
  try {
    for (const part of source.split(',')) {
      const h = part.trim();
      if (!h) continue;
      const parsed = parseAddress(h, false);
      const host = parsed.ok ? parsed.host : h;
      const port = parsed.ok ? parsed.port : undefined;
      if (!inv.hosts.has(host)) inv.addHost(host, 'ungrouped', port);
    }
  } finally {
    inv.currentSource = undefined;
  }
}

async function parseFile(inv: InventoryData, file: string, executable: boolean): Promise<void> {
  const text = await readFile(file, 'utf8');
  const ext = splitext(file);
  let yamlError: Error | undefined;
  if (!ext || YAML_EXTS.includes(ext)) {
    try {
      const { root, warnings } = loadData(text, file, 'DRV_ENGINE_INVENTORY');
      checkYamlInventory(root, file);
      warnings.forEach((w) => inv.warn(w));
      parseYamlInventory(inv, root, file);
      return;
    } catch (e) {
      if (e instanceof NotYamlInventory) {
        const where = e.pos.line !== undefined ? `${file}:${e.pos.line}` : file;
        yamlError = new DroverError('DRV_ENGINE_INVENTORY', `${where}: ${e.message}`, e.pos);
      } else if (e instanceof DroverError && e.message.startsWith('Syntax Error while loading YAML')) {
        yamlError = new DroverError('DRV_ENGINE_INVENTORY', `${file}:${e.pos?.line ?? 1}: ${e.message}`, e.pos, { cause: e });
      } else {
        throw e;
      }
    }
  }
  try {
    parseIni(inv, file, text);
  } catch (e) {
    if (!(e instanceof DroverError)) throw e;
    if (executable || text.startsWith('#!')) {
      throw new DroverError(
        'DRV_ENGINE_INVENTORY',
        `${file}: looks like an inventory script (executable or starting with #!); inventory scripts are not supported`,
        { file },
        { cause: e },
      );
    }
    if (ext === '.toml') {
      throw new DroverError('DRV_ENGINE_INVENTORY', `${file}: TOML inventory files are not supported`, { file }, { cause: e });
    }
    // For a .yml/.yaml/.json file the YAML error is the useful one; otherwise the INI one.
    if (yamlError && ext) throw Object.assign(yamlError, { cause: e });
    throw e;
  }
}
