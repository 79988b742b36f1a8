/**
 * A git project's revision for a job: the project's cache (`<projectsDir>/_<id>`, shared with the API)
 * is synced when it lacks the job's revision (never synced, directory gone, a revision the cache has
 * not fetched, or a job launched before any sync), the sync is recorded on the Project row as the API
 * records its own, and the job's revision (or, for a job launched with none, the fresh HEAD) is exported
 * into the job's directory without touching the cache's checkout. All git work on the cache happens
 * under the project sync lock (shared to read, exclusive to sync), so the API's sync and other workers'
 * never run git in the same directory at once.
 */
import { join } from 'node:path';
import { exportRevision, fetchCommit, gitAuthFromInputs, hasCommit, isCommitId, redactUrl, syncFailureMessage, syncProjectCache, SyncError, type GitAuth } from '@drover/scm';
import type { SecretBox } from '@drover/secrets';
import { WorkerError } from '../errors.js';
import { decryptInputs } from './job-secrets.js';
import type { CredentialSource, ProjectLock, ProjectSource, ProjectSyncStore } from '../store/ports.js';

export interface GitCheckoutDeps {
  /** DROVER_PROJECTS_DIR (the API's): project caches are `_<id>` in it. */
  readonly projectsDir: string;
  readonly lock: ProjectLock;
  readonly syncs: ProjectSyncStore;
  readonly credentials: { getCredential(id: number): Promise<CredentialSource | null> };
  /** Decrypts the project's source control credential; undefined: the worker has no DROVER_SECRET_KEY. */
  readonly box: SecretBox | undefined;
}

export interface CheckedOut {
  /** The commit written into the job's directory. */
  readonly revision: string;
  /** Whether the worker synced the project for it. */
  readonly synced: boolean;
}

const userError = (msg: string) => new WorkerError('DRV_WORKER_SOURCES', msg);

export class GitCheckout {
  constructor(private readonly deps: GitCheckoutDeps) {}

  cacheDir(projectId: number): string {
    return join(this.deps.projectsDir, `_${projectId}`);
  }

  /** Writes the tree of `wanted` ('' = the project's current HEAD, after a sync) into `dest`. Throws
   * WorkerError DRV_WORKER_SOURCES, naming the project, when it cannot (the sync's error is git's). */
  async checkout(project: ProjectSource, wanted: string, dest: string): Promise<CheckedOut> {
    if (!project.scmUrl) throw userError(`git project "${project.name}" has no URL`);
    if (wanted && !isCommitId(wanted)) throw userError(`the job's revision of project "${project.name}" is not a commit id: ${JSON.stringify(wanted)}`);
    const cache = this.cacheDir(project.id);
    const { lock } = this.deps;
    try {
      if (wanted) {
        // the usual case: the cache has the job's commit; exports run side by side
        const done = await lock.withLock(project.id, 'shared', async () => {
          if (!(await hasCommit(cache, wanted))) return false;
          await exportRevision(cache, wanted, dest);
          return true;
        });
        if (done) return { revision: wanted, synced: false };
      }
      return await lock.withLock(project.id, 'exclusive', async () => {
        if (wanted && (await hasCommit(cache, wanted))) {
          // synced by someone else while we waited for the lock
          await exportRevision(cache, wanted, dest);
          return { revision: wanted, synced: false };
        }
        const auth = await this.auth(project);
        const outcome = await syncProjectCache({ url: project.scmUrl, branch: project.scmBranch, dir: cache, auth });
        const at = new Date();
        await this.deps.syncs.recordSync(
          project.id,
          outcome.ok ? { ok: true, revision: outcome.revision, localPath: outcome.dir, playbooks: outcome.playbooks, at } : { ok: false, error: outcome.error, at },
        );
        if (!outcome.ok) throw userError(syncFailureMessage(project.name, project.scmUrl, outcome.error));
        const revision = wanted || outcome.revision;
        if (!(await hasCommit(cache, revision))) {
          // not on the branch any more (force-pushed, or deeper than the fetch): ask the remote for it
          await fetchCommit(project.scmUrl, cache, revision, auth).catch(() => undefined);
          if (!(await hasCommit(cache, revision))) {
            throw userError(
              `revision ${revision} of project "${project.name}" is not available: it is neither in the project's cache nor served by ${redactUrl(project.scmUrl)}${project.scmBranch ? ` (branch ${project.scmBranch})` : ''}; launch the job again to run the current revision`,
            );
          }
        }
        await exportRevision(cache, revision, dest);
        return { revision, synced: true };
      });
    } catch (e) {
      if (e instanceof SyncError) throw userError(`project "${project.name}": ${e.message}`);
      throw e;
    }
  }

  /** The project's source control credential as git auth. */
  private async auth(project: ProjectSource): Promise<GitAuth> {
    if (project.scmCredentialId === null) return {};
    const cred = await this.deps.credentials.getCredential(project.scmCredentialId);
    if (!cred) throw userError(`the credential of project "${project.name}" (${project.scmCredentialId}) does not exist`);
    if (cred.kind !== 'source_control') throw userError(`credential "${cred.name}" of project "${project.name}" is a ${cred.kind} credential, not a source control credential`);
    const inputs = decryptInputs(this.deps.box, cred.name, cred.inputs);
    return gitAuthFromInputs(inputs);
  }
}
