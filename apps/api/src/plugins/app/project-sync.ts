/**
 * Project sync with the system git: clone or fetch into the project's cache directory, check out the
 * branch (or the remote's default), record the revision, and list the playbooks found. Secrets reach
 * git through the environment and a temporary 0600 key file, never through its arguments.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface GitAuth {
  username?: string;
  password?: string;
  sshKey?: string;
  sshKeyUnlock?: string;
}

export class SyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

const GIT_TIMEOUT_MS = 10 * 60_000;

function run(args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { env, cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const msg = (stderr || err.message).trim().split('\n').slice(-5).join('\n');
        reject(new SyncError(`git ${args[0]} failed: ${msg}`));
      } else resolve(stdout);
    });
  });
}

/** Hides credentials embedded in a URL (https://user:pass@host). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]+@/i, '$1***@');
}

/** Clones or updates `dir` from `url` at `branch` ('' = the remote's default). Returns the commit hash. */
export async function syncGit(url: string, branch: string, dir: string, auth: GitAuth = {}): Promise<string> {
  const tmp = await mkdtemp(join(tmpdir(), 'drover-git-'));
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'],
      HOME: tmp,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_NOSYSTEM: '1',
      LANG: 'C',
    };
    const config: Array<[string, string]> = [
      ['advice.detachedHead', 'false'],
      // only plain transports (no ext::, fd::); submodules are not fetched
      ['protocol.allow', 'never'],
      ...(['https', 'http', 'ssh', 'git', 'file'].map((p) => [`protocol.${p}.allow`, 'always']) as Array<[string, string]>),
    ];
    if (auth.password) {
      const basic = Buffer.from(`${auth.username || 'x-access-token'}:${auth.password}`).toString('base64');
      config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
    }
    if (auth.sshKey) {
      const keyFile = join(tmp, 'key');
      await writeFile(keyFile, auth.sshKey.endsWith('\n') ? auth.sshKey : `${auth.sshKey}\n`, { mode: 0o600 });
      let ssh = `ssh -i ${keyFile} -o IdentitiesOnly=yes -o BatchMode=${auth.sshKeyUnlock ? 'no' : 'yes'} -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile=${join(tmp, 'known_hosts')}`;
      if (auth.sshKeyUnlock) {
        const askpass = join(tmp, 'askpass.sh');
        await writeFile(askpass, '#!/bin/sh\nprintf \'%s\\n\' "$DROVER_SSH_PASSPHRASE"\n', { mode: 0o700 });
        await chmod(askpass, 0o700);
        Object.assign(env, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: 'drover:0', DROVER_SSH_PASSPHRASE: auth.sshKeyUnlock });
        ssh += ' -o NumberOfPasswordPrompts=1';
      }
      env['GIT_SSH_COMMAND'] = ssh;
    }
    env['GIT_CONFIG_COUNT'] = String(config.length);
    config.forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k;
      env[`GIT_CONFIG_VALUE_${i}`] = v;
    });

    const exists = await stat(join(dir, '.git')).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await rm(dir, { recursive: true, force: true });
      await run(['init', '--quiet', dir], env);
      await run(['remote', 'add', '--', 'origin', url], env, dir);
    } else {
      await run(['remote', 'set-url', '--', 'origin', url], env, dir);
    }
    const ref = branch || 'HEAD';
    await run(['fetch', '--quiet', '--prune', '--depth', '50', '--', 'origin', ref], env, dir);
    await run(['checkout', '--quiet', '--force', '--detach', 'FETCH_HEAD'], env, dir);
    await run(['clean', '-ffdxq'], env, dir);
    return (await run(['rev-parse', 'HEAD'], env, dir)).trim();
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

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
