/**
 * group_vars/ and host_vars/ directories, as ansible-core 2.14's host_group_vars vars plugin and
 * DataLoader.find_vars_files read them: for an entity `name`, the first of `name`, `name.yml`,
 * `name.yaml`, `name.json` that exists; when that is a directory, every file in it (recursively, in
 * sorted order, skipping hidden files, backups `~` and other extensions), merged in that order.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DroverError } from '../errors.js';
import { isTruthy, loadData, pyTypeName, toPlain } from './yaml-load.js';

export type VarsKind = 'group_vars' | 'host_vars';
const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

type Vars = Readonly<Record<string, unknown>>;
const EMPTY: Vars = Object.freeze({});

async function statOrNull(p: string): Promise<import('node:fs').Stats | null> {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

function extname(name: string): string {
  // os.path.splitext: a leading dot does not start an extension
  const base = name.replace(/^\.+/, '');
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i);
}

export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export class VarsFiles {
  /** "<basedir>/<kind>" -> its realpath, or null when absent (settled lookups only) */
  private readonly resolvedDirs = new Map<string, string | null>();
  private readonly dirs = new Map<string, Promise<{ dir: string; listing: Set<string> } | null>>();
  /** "<dir>\0<name>" -> merged vars */
  private readonly merged = new Map<string, Vars>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly files = new Map<string, Promise<Vars>>();

  constructor(private readonly warn: (msg: string) => void) {}

  private varsDir(basedir: string, kind: VarsKind): Promise<{ dir: string; listing: Set<string> } | null> {
    const key = join(basedir, kind);
    let p = this.dirs.get(key);
    if (!p) {
      p = (async () => {
        const st = await statOrNull(key);
        if (!st) return null;
        const dir = await realpath(key);
        if (!st.isDirectory()) {
          this.warn(`Found ${kind} that is not a directory, skipping: ${dir}`);
          return null;
        }
        return { dir, listing: new Set(await readdir(dir)) };
      })().then((r) => {
        this.resolvedDirs.set(key, r ? r.dir : null);
        return r;
      });
      this.dirs.set(key, p);
    }
    return p;
  }

  /** Load the vars of these entities beside basedir, so that get() can answer synchronously. */
  async preload(basedir: string, kind: VarsKind, names: Iterable<string>): Promise<void> {
    const found = await this.varsDir(basedir, kind);
    if (!found) return;
    const { dir, listing } = found;
    const jobs: Promise<void>[] = [];
    for (const name of names) {
      // avoid 'chroot' type inventory hostnames /path/to/chroot
      if (name.startsWith('/')) continue;
      const key = `${dir}\0${name}`;
      let job = this.loading.get(key);
      if (!job) {
        job = (async () => {
          let data: Record<string, unknown> = {};
          for (const f of await this.findVarsFiles(dir, name, listing)) data = { ...data, ...(await this.loadFile(f)) };
          this.merged.set(key, deepFreeze(data));
        })();
        this.loading.set(key, job);
      }
      jobs.push(job);
    }
    await Promise.all(jobs);
  }

  /** The merged vars of one entity (empty when it has no file; call preload() first). */
  get(basedir: string, kind: VarsKind, name: string): Vars {
    const dir = this.resolvedDirs.get(join(basedir, kind));
    if (!dir) return EMPTY;
    return this.merged.get(`${dir}\0${name}`) ?? EMPTY;
  }

  private async findVarsFiles(dir: string, name: string, listing: Set<string>): Promise<string[]> {
    for (const ext of EXTENSIONS) {
      const candidate = name + ext;
      const full = join(dir, candidate);
      // names with a path separator are looked up on disk; others in the directory listing
      if (!candidate.includes('/') && !listing.has(candidate)) continue;
      const st = await statOrNull(full);
      if (!st) continue;
      if (st.isDirectory()) return this.dirVarsFiles(full);
      return [full];
    }
    return [];
  }

  private async dirVarsFiles(path: string): Promise<string[]> {
    const found: string[] = [];
    const entries = (await readdir(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const spath of entries) {
      if (spath.startsWith('.') || spath.endsWith('~')) continue;
      const ext = extname(spath);
      const full = join(path, spath);
      const st = await statOrNull(full);
      if (!st) continue;
      if (st.isDirectory() && !ext) found.push(...(await this.dirVarsFiles(full)));
      else if (st.isFile() && (!ext || EXTENSIONS.includes(ext))) found.push(full);
    }
    return found;
  }

  private loadFile(path: string): Promise<Vars> {
    let p = this.files.get(path);
    if (!p) {
      p = (async () => {
        const text = await readFile(path, 'utf8');
        let loaded: ReturnType<typeof loadData>;
        try {
          loaded = loadData(text, path, 'DRV_ENGINE_INVENTORY');
        } catch (e) {
          if (!(e instanceof DroverError)) throw e;
          throw new DroverError(e.code, `${path}:${e.pos?.line ?? 1}: ${e.message}`, e.pos, { cause: e });
        }
        const { root, warnings } = loaded;
        warnings.forEach((w) => this.warn(w));
        if (!isTruthy(root)) return EMPTY; // empty files are ignored
        if (root!.kind !== 'map') {
          throw new DroverError(
            'DRV_ENGINE_INVENTORY',
            `${path}: failed to combine variables, expected dicts but got a '${pyTypeName(root!).replace(/^.*\./, '')}'`,
            root!.pos,
          );
        }
        return deepFreeze(toPlain(root!) as Record<string, unknown>);
      })();
      this.files.set(path, p);
    }
    return p;
  }
}
