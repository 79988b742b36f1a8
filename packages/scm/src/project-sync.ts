/**
 * One project sync as the API and the worker both do it: clone or fetch the project's cache at its
 * branch, then list its playbooks. The outcome is data (what to record on the Project row); only
 * unexpected failures (a bug, a full disk) throw.
 */
import { findPlaybooks } from './playbooks.js';
import { redactUrl, syncGit, SyncError, type GitAuth } from './git.js';

export interface ProjectSyncRequest {
  /** Clone URL (may hold credentials: they never appear in the outcome). */
  readonly url: string;
  /** Branch, tag or commit; '' = the remote's default branch. */
  readonly branch: string;
  /** The project's cache directory (`<projectsDir>/_<id>`). */
  readonly dir: string;
  readonly auth?: GitAuth;
}

export type ProjectSyncOutcome =
  | { readonly ok: true; readonly revision: string; readonly playbooks: readonly string[]; readonly dir: string }
  | { readonly ok: false; readonly error: string };

/** The longest error message recorded (Project.lastSyncError). */
export const MAX_SYNC_ERROR = 4000;

export async function syncProjectCache(req: ProjectSyncRequest): Promise<ProjectSyncOutcome> {
  try {
    const revision = await syncGit(req.url, req.branch, req.dir, req.auth ?? {});
    return { ok: true, revision, playbooks: await findPlaybooks(req.dir), dir: req.dir };
  } catch (err) {
    if (!(err instanceof SyncError)) throw err;
    return { ok: false, error: err.message.slice(0, MAX_SYNC_ERROR) };
  }
}

/** The git auth of a source control credential's inputs (decrypted): username, password or token,
 * ssh_key_data, ssh_key_unlock. */
export function gitAuthFromInputs(inputs: Readonly<Record<string, string | undefined>>): GitAuth {
  const password = inputs['token'] || inputs['password'];
  return {
    ...(inputs['username'] ? { username: inputs['username'] } : {}),
    ...(password ? { password } : {}),
    ...(inputs['ssh_key_data'] ? { sshKey: inputs['ssh_key_data'] } : {}),
    ...(inputs['ssh_key_unlock'] ? { sshKeyUnlock: inputs['ssh_key_unlock'] } : {}),
  };
}

/** "project "name" could not be synced from <url>: <git's message>" (the URL's credentials hidden). */
export function syncFailureMessage(projectName: string, url: string, error: string): string {
  return `project "${projectName}" could not be synced from ${redactUrl(url)}: ${error}`;
}
