/** Playbook discovery: the YAML files of a project directory whose top level is a list of plays. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';

const SKIP_DIRS = new Set(['.git', 'roles', 'node_modules', 'group_vars', 'host_vars', 'collections', 'tasks', 'handlers', 'templates', 'files', 'vars', 'defaults', 'meta']);

/** Playbook paths (relative, sorted) under `dir`: YAML files whose top level is a list of plays. */
export async function findPlaybooks(dir: string, limits = { depth: 6, files: 5000, size: 1024 * 1024 }): Promise<string[]> {
  const out: string[] = [];
  let seen = 0;
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > limits.depth) return;
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (seen >= limits.files) return;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) await walk(p, depth + 1);
      } else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
        seen++;
        if (await isPlaybook(p, limits.size)) out.push(relative(dir, p));
      }
    }
  };
  await walk(dir, 0);
  return out.sort();
}

async function isPlaybook(path: string, maxSize: number): Promise<boolean> {
  try {
    if ((await stat(path)).size > maxSize) return false;
    const doc: unknown = parseYaml(await readFile(path, 'utf8'), { uniqueKeys: false, logLevel: 'silent' });
    if (!Array.isArray(doc) || doc.length === 0) return false;
    return doc.every(
      (play) =>
        play !== null &&
        typeof play === 'object' &&
        !Array.isArray(play) &&
        ['hosts', 'import_playbook', 'ansible.builtin.import_playbook'].some((k) => k in (play as Record<string, unknown>)),
    );
  } catch {
    return false;
  }
}
