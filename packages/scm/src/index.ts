/**
 * @drover/scm: projects from source control. `syncGit` (clone or fetch a project's cache), `hasCommit`,
 * `fetchCommit` and `exportRevision` (one commit's tree into a job's directory, the cache untouched) run
 * the system git with a hardened environment; `findPlaybooks` lists a directory's playbooks;
 * `syncProjectCache` is a whole sync as data; `withProjectSyncLock` serializes git work on one project
 * across processes (Postgres advisory lock).
 */
export { exportRevision, fetchCommit, hasCommit, isCommitId, redactText, redactUrl, syncGit, SyncError, type GitAuth } from './git.js';
export { findPlaybooks } from './playbooks.js';
export { gitAuthFromInputs, MAX_SYNC_ERROR, syncFailureMessage, syncProjectCache, type ProjectSyncOutcome, type ProjectSyncRequest } from './project-sync.js';
export { PROJECT_SYNC_LOCK_CLASS, withProjectSyncLock, type LockConnection, type LockMode, type ProjectLockOptions } from './sync-lock.js';
