import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile, mkdir, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRevision, fetchCommit, hasCommit, redactText, redactUrl, syncGit, SyncError } from './git.js';
import { gitAuthFromInputs, syncFailureMessage, syncProjectCache } from './project-sync.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' }).trim();

let root: string;
let repo: string;
let revA: string;
let revB: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'drover-scm-test-'));
  repo = join(root, 'repo');
  await mkdir(repo);
  git(repo, 'init', '-q');
  await writeFile(join(repo, 'site.yml'), '- hosts: all\n  tasks: [{ debug: { msg: A } }]\n');
  await writeFile(join(repo, 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  await writeFile(join(repo, '.gitattributes'), 'ignored.txt export-ignore\n');
  await writeFile(join(repo, 'ignored.txt'), 'kept by a checkout\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'A');
  revA = git(repo, 'rev-parse', 'HEAD');
  await writeFile(join(repo, 'site.yml'), '- hosts: all\n  tasks: [{ debug: { msg: B } }]\n');
  await writeFile(join(repo, 'b.yml'), '- hosts: all\n');
  execFileSync('ln', ['-s', 'site.yml', join(repo, 'link.yml')]);
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'B');
  revB = git(repo, 'rev-parse', 'HEAD');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('syncGit / hasCommit / exportRevision', () => {
  it('clones, then exports an older revision without touching the cache checkout', async () => {
    const cache = join(root, 'cache1');
    expect(await hasCommit(cache, revA)).toBe(false);
    expect(await syncGit(`file://${repo}`, '', cache)).toBe(revB);
    expect(await hasCommit(cache, revA)).toBe(true);
    expect(await hasCommit(cache, revB.slice(0, 12))).toBe(true);
    expect(await hasCommit(cache, 'f'.repeat(40))).toBe(false);
    expect(await hasCommit(cache, '--all')).toBe(false);
    const statusBefore = git(cache, 'status', '--porcelain');
    const dest = join(root, 'export-a');
    await exportRevision(cache, revA, dest);
    expect(await readFile(join(dest, 'site.yml'), 'utf8')).toContain('msg: A');
    expect(await readFile(join(dest, 'ignored.txt'), 'utf8')).toContain('kept');
    expect((await stat(join(dest, 'run.sh'))).mode & 0o111).not.toBe(0);
    await expect(stat(join(dest, '.git'))).rejects.toThrow();
    await expect(stat(join(dest, 'b.yml'))).rejects.toThrow();
    // the cache is still at B, clean, its index untouched
    expect(git(cache, 'rev-parse', 'HEAD')).toBe(revB);
    expect(git(cache, 'status', '--porcelain')).toBe(statusBefore);
    expect(await readFile(join(cache, 'site.yml'), 'utf8')).toContain('msg: B');
    const destB = join(root, 'export-b');
    await exportRevision(cache, revB, destB);
    expect(await readlink(join(destB, 'link.yml'))).toBe('site.yml');
    await expect(exportRevision(cache, '-x', join(root, 'nope'))).rejects.toBeInstanceOf(SyncError);
    await expect(exportRevision(cache, 'f'.repeat(40), join(root, 'nope'))).rejects.toThrow(/git read-tree failed/);
  });

  it('fetches a commit that is no longer on the branch', async () => {
    const side = join(root, 'side');
    git(root, 'clone', '-q', repo, side);
    git(side, 'checkout', '-qb', 'topic');
    await writeFile(join(side, 'topic.yml'), '- hosts: all\n');
    git(side, 'add', '.');
    git(side, 'commit', '-qm', 'topic');
    const topic = git(side, 'rev-parse', 'HEAD');
    const cache = join(root, 'cache2');
    await syncGit(`file://${side}`, 'main', cache);
    expect(await hasCommit(cache, topic)).toBe(false);
    await fetchCommit(`file://${side}`, cache, topic);
    expect(await hasCommit(cache, topic)).toBe(true);
    expect(git(cache, 'rev-parse', 'HEAD')).toBe(revB);
  });

  it('fails with git\'s message, credentials redacted', async () => {
    const err = await syncGit(`file://${repo}-missing`, '', join(root, 'cache3')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as Error).message).toMatch(/^git fetch failed: .*does not appear to be a git repository/s);
    const bad = await syncProjectCache({ url: 'https://user:s3cret-pw@127.0.0.1:1/r.git', branch: '', dir: join(root, 'cache4'), auth: { password: 'tok-123456' } });
    expect(bad.ok).toBe(false);
    const msg = bad.ok ? '' : bad.error;
    expect(msg).toMatch(/git fetch failed/);
    expect(msg).not.toContain('s3cret');
    expect(syncFailureMessage('p', 'https://u:pw@h/r.git', 'x')).toBe('project "p" could not be synced from https://***@h/r.git: x');
  });

  it('syncs a project: revision and playbooks as data', async () => {
    const ok = await syncProjectCache({ url: `file://${repo}`, branch: '', dir: join(root, 'cache5') });
    expect(ok).toEqual({ ok: true, revision: revB, playbooks: ['b.yml', 'site.yml'], dir: join(root, 'cache5') });
  });

  it('redacts', () => {
    expect(redactUrl('https://u:p@host/x')).toBe('https://***@host/x');
    expect(redactText("fatal: unable to access 'https://u:p@host/x/': 403 with tok-abcdef", ['tok-abcdef'])).toBe("fatal: unable to access 'https://***@host/x/': 403 with ********");
    expect(gitAuthFromInputs({ username: 'u', token: 't', password: 'p', ssh_key_data: 'k' })).toEqual({ username: 'u', password: 't', sshKey: 'k' });
    expect(gitAuthFromInputs({})).toEqual({});
  });
});
