/**
 * The system git, run with a hardened environment: a throwaway HOME, no system config, no terminal
 * prompts, only plain transports (no ext::, fd::), no automatic gc (a project cache keeps the commits
 * jobs were launched at). Secrets reach git through the environment and a temporary 0600 key file,
 * never through its arguments; error messages have credentials in URLs and the auth's secrets redacted.
 */
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitAuth {
  readonly username?: string;
  readonly password?: string;
  readonly sshKey?: string;
  readonly sshKeyUnlock?: string;
}

/** A git operation failed for a reason the user can act on (bad URL, auth, unknown branch); the
 * message is git's, secrets redacted. */
export class SyncError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncError';
  }
}

const GIT_TIMEOUT_MS = 10 * 60_000;
const REDACTED = '********';

/** Hides credentials embedded in a URL (https://user:pass@host). */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z+]+:\/\/)[^@/]+@/i, '$1***@');
}

/** Hides credentials in URLs anywhere in `text`, and every given secret. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^@/\s'"]+@/gi, '$1***@');
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

/** A commit id as git prints it (full or abbreviated hex): the only revisions hasCommit/exportRevision
 * take, so a revision can never be read as an option. */
export function isCommitId(rev: string): boolean {
  return /^[0-9a-f]{7,64}$/i.test(rev);
}

interface GitSession {
  readonly env: NodeJS.ProcessEnv;
  readonly secrets: readonly string[];
}

/** Runs `fn` with git's environment for `auth`, in a temporary HOME removed afterwards. */
async function withGit<T>(auth: GitAuth, fn: (s: GitSession) => Promise<T>): Promise<T> {
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
      ['gc.auto', '0'],
      // only plain transports (no ext::, fd::); submodules are not fetched
      ['protocol.allow', 'never'],
      ...(['https', 'http', 'ssh', 'git', 'file'].map((p) => [`protocol.${p}.allow`, 'always']) as Array<[string, string]>),
    ];
    const secrets: string[] = [];
    if (auth.password) {
      const basic = Buffer.from(`${auth.username || 'x-access-token'}:${auth.password}`).toString('base64');
      config.push(['http.extraHeader', `Authorization: Basic ${basic}`]);
      secrets.push(auth.password, basic);
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
        secrets.push(auth.sshKeyUnlock);
      }
      env['GIT_SSH_COMMAND'] = ssh;
    }
    env['GIT_CONFIG_COUNT'] = String(config.length);
    config.forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k;
      env[`GIT_CONFIG_VALUE_${i}`] = v;
    });
    return await fn({ env, secrets });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function run(s: GitSession, args: string[], cwd?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { env: { ...s.env, ...extraEnv }, cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const msg = (stderr || err.message).trim().split('\n').slice(-5).join('\n');
        reject(new SyncError(`git ${args.find((a) => !a.startsWith('-')) ?? args[0]} failed: ${redactText(msg, s.secrets)}`));
      } else resolve(stdout);
    });
  });
}

const isDir = (p: string) =>
  stat(p).then(
    (st) => st.isDirectory(),
    () => false,
  );

/** Clones or updates `dir` from `url` at `branch` ('' = the remote's default). Returns the commit hash. */
export async function syncGit(url: string, branch: string, dir: string, auth: GitAuth = {}): Promise<string> {
  return withGit(auth, async (s) => {
    if (!(await isDir(join(dir, '.git')))) {
      await rm(dir, { recursive: true, force: true });
      await run(s, ['init', '--quiet', dir]);
      await run(s, ['remote', 'add', '--', 'origin', url], dir);
    } else {
      await run(s, ['remote', 'set-url', '--', 'origin', url], dir);
    }
    const ref = branch || 'HEAD';
    await run(s, ['fetch', '--quiet', '--prune', '--depth', '50', '--', 'origin', ref], dir);
    await run(s, ['checkout', '--quiet', '--force', '--detach', 'FETCH_HEAD'], dir);
    await run(s, ['clean', '-ffdxq'], dir);
    return (await run(s, ['rev-parse', 'HEAD'], dir)).trim();
  });
}

/** Fetches one commit by id from `url` into the cache `dir` (when the remote serves it: a commit no
 * longer on the synced branch). Leaves the checkout alone. */
export async function fetchCommit(url: string, dir: string, rev: string, auth: GitAuth = {}): Promise<void> {
  if (!isCommitId(rev)) throw new SyncError(`not a commit id: ${JSON.stringify(rev)}`);
  await withGit(auth, async (s) => {
    await run(s, ['remote', 'set-url', '--', 'origin', url], dir);
    await run(s, ['fetch', '--quiet', '--depth', '50', '--', 'origin', rev], dir);
  });
}

/** Whether the cache `dir` holds commit `rev` (false when `dir` is not a repository). */
export async function hasCommit(dir: string, rev: string): Promise<boolean> {
  if (!isCommitId(rev) || !(await isDir(join(dir, '.git')))) return false;
  return withGit({}, (s) =>
    run(s, [`--git-dir=${join(dir, '.git')}`, 'cat-file', '-e', `${rev}^{commit}`]).then(
      () => true,
      () => false,
    ),
  );
}

/**
 * Writes the tree of commit `rev` of the cache `cacheDir` into `dest` (created if missing), without
 * .git, as a checkout would (modes, symlinks; no export-ignore), through a temporary index: the cache's
 * own checkout, index and refs are not touched, so it can run beside other exports.
 */
export async function exportRevision(cacheDir: string, rev: string, dest: string): Promise<void> {
  if (!isCommitId(rev)) throw new SyncError(`not a commit id: ${JSON.stringify(rev)}`);
  await mkdir(dest, { recursive: true });
  await withGit({}, async (s) => {
    const gitDir = `--git-dir=${join(cacheDir, '.git')}`;
    const index = { GIT_INDEX_FILE: join(s.env['HOME']!, 'export-index') };
    await run(s, [gitDir, 'read-tree', `${rev}^{tree}`], undefined, index);
    await run(s, [gitDir, `--work-tree=${dest}`, 'checkout-index', '--all', '--force'], dest, index);
  });
}
