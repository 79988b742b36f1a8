import type { JobStatus } from '@drover/queue';

/**
 * The worker's persistence ports. The worker only ever touches the database through these two
 * interfaces; `pg/` implements them over the tables of @drover/db's schema (jobs, job_status_changes,
 * job_events, job_host_summaries).
 */

/** What the worker reads of a Job row. */
export interface JobRecord {
  readonly id: number;
  readonly name: string;
  readonly status: JobStatus;
  readonly projectId: number | null;
  readonly inventoryId: number | null;
  readonly credentialId: number | null;
  /** Playbook path relative to the project's directory. */
  readonly playbook: string;
  readonly extraVars: Record<string, unknown>;
  readonly limit: string;
  /** Comma-separated. */
  readonly jobTags: string;
  /** Comma-separated. */
  readonly skipTags: string;
  readonly forks: number;
  readonly verbosity: number;
  readonly checkMode: boolean;
  readonly diffMode: boolean;
  readonly forceHandlers: boolean;
  /** Seconds; 0: none. */
  readonly timeout: number;
  /** The project commit the launch recorded (git projects; '' when the project had none yet). */
  readonly scmRevision: string;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  readonly jobExplanation: string;
  readonly cancelRequested: boolean;
  readonly workerId: string | null;
  readonly heartbeatAt: Date | null;
  readonly eventsEmitted: number;
}

/** Columns a status change may set together with the status. */
export interface JobPatch {
  startedAt?: Date;
  finishedAt?: Date;
  elapsed?: number;
  jobExplanation?: string;
  resultTraceback?: string;
  workerId?: string | null;
  heartbeatAt?: Date | null;
  eventsEmitted?: number;
  scmRevision?: string;
}

export interface TransitionRequest {
  /** The statuses the job may be in now; anything else and nothing is written. */
  readonly from: readonly JobStatus[];
  readonly to: JobStatus;
  /** Stored on the JobStatusChange row: why, for people. */
  readonly reason: string;
  readonly patch?: JobPatch;
  /** Only if Job.workerId equals this (null: no owner). */
  readonly owner?: string | null;
  /** Only if Job.heartbeatAt is older than this (the reaper's guard against a late heartbeat). */
  readonly heartbeatBefore?: Date;
  readonly at?: Date;
}

export type TransitionResult =
  | { readonly ok: true; readonly from: JobStatus; readonly to: JobStatus; readonly at: Date; readonly job: JobRecord }
  | { readonly ok: false; readonly job: JobRecord | null };

export interface StaleJob {
  readonly id: number;
  readonly status: JobStatus;
  readonly workerId: string | null;
  readonly heartbeatAt: Date;
  readonly startedAt: Date | null;
}

export interface JobStore {
  getJob(id: number): Promise<JobRecord | null>;
  /**
   * Compare-and-set the job's status under a row lock: when the job is in one of `from` (and owned by
   * `owner`, and its heartbeat is older than `heartbeatBefore`, when given), set `to` and the patch and
   * append a JobStatusChange row, in one transaction. `from == to` only applies the patch (no row).
   * Throws DRV_INVALID_TRANSITION for a change the state machine forbids.
   */
  transition(id: number, req: TransitionRequest): Promise<TransitionResult>;
  /** Renew the lease of a job the worker owns. `owned: false` when it no longer does (reaped, finished,
   * or claimed by another worker). */
  heartbeat(id: number, workerId: string, at: Date): Promise<{ owned: boolean; cancelRequested: boolean }>;
  /** waiting/running jobs whose heartbeat is older than `before`. */
  staleJobs(before: Date): Promise<StaleJob[]>;
  /** Highest stored event counter of the job (0 when none). */
  lastEventCounter(jobId: number): Promise<number>;
}

/** One job_events row (the job id is given separately). */
export interface EventRow {
  readonly counter: number;
  readonly uuid: string;
  readonly parentUuid: string | null;
  readonly event: string;
  readonly eventData: unknown;
  readonly host: string | null;
  readonly play: string;
  readonly task: string;
  readonly role: string;
  readonly changed: boolean;
  readonly failed: boolean;
  readonly stdout: string;
  readonly startLine: number;
  readonly endLine: number;
  /** ISO-8601 UTC. */
  readonly created: string;
}

/** One job_host_summaries row, absolute values (writing it twice is harmless). */
export interface HostSummaryRow {
  readonly hostName: string;
  readonly ok: number;
  readonly changed: number;
  readonly dark: number;
  readonly failures: number;
  readonly skipped: number;
  readonly rescued: number;
  readonly ignored: number;
  readonly failed: boolean;
}

export interface EventStore {
  /**
   * In one transaction: insert the events, skipping any (jobId, counter) already stored; upsert the
   * host summaries (absolute values); raise Job.eventsEmitted to `eventsEmitted`. Idempotent, so a
   * batch whose outcome is unknown (a lost connection) is simply written again.
   */
  writeEvents(jobId: number, events: readonly EventRow[], summaries: readonly HostSummaryRow[], eventsEmitted: number): Promise<void>;
}

/** A project as the worker needs it to materialize a job's playbooks. */
export interface ProjectSource {
  readonly id: number;
  readonly name: string;
  readonly scmType: 'git' | 'local';
  /** The checkout (git) or the given directory (local). */
  readonly localPath: string;
  /** Clone URL and branch ('' = the remote's default) of a git project. */
  readonly scmUrl: string;
  readonly scmBranch: string;
  /** Its source control credential. */
  readonly scmCredentialId: number | null;
  readonly scmRevision: string;
  /** Outcome of the last sync; null: never synced. */
  readonly lastSyncStatus: string | null;
}

/** An inventory as data: enabled hosts, groups (with their children), variables. */
export interface InventorySource {
  readonly id: number;
  readonly name: string;
  readonly variables: Record<string, unknown>;
  readonly hosts: ReadonlyArray<{ readonly name: string; readonly variables: Record<string, unknown> }>;
  readonly groups: ReadonlyArray<{
    readonly name: string;
    readonly variables: Record<string, unknown>;
    readonly hosts: readonly string[];
    readonly children: readonly string[];
  }>;
}

/** A credential as stored: secret inputs still encrypted (`$encrypted$AESGCM$...`), or "ASK". */
export interface CredentialSource {
  readonly id: number;
  readonly name: string;
  readonly kind: 'machine' | 'source_control';
  readonly inputs: Record<string, unknown>;
}

/** Reads what a job runs: its project, inventory and credential. */
export interface SourceStore {
  getProject(id: number): Promise<ProjectSource | null>;
  getInventory(id: number): Promise<InventorySource | null>;
  getCredential(id: number): Promise<CredentialSource | null>;
}

/** What a project sync did, to record on the Project row (as the API's POST /projects/:id/sync does). */
export type ProjectSyncRecord =
  | { readonly ok: true; readonly revision: string; readonly localPath: string; readonly playbooks: readonly string[]; readonly at: Date }
  | { readonly ok: false; readonly error: string; readonly at: Date };

/** Records project syncs the worker did for its jobs. */
export interface ProjectSyncStore {
  /** Successful: revision, localPath, playbooks, lastSyncAt/Status 'successful', lastSyncError ''.
   * Failed: lastSyncAt, lastSyncStatus 'failed', lastSyncError (the revision and playbooks stay). */
  recordSync(projectId: number, sync: ProjectSyncRecord): Promise<void>;
}

/**
 * The project sync lock, shared with the API and every other worker (a Postgres advisory lock, see
 * @drover/scm's withProjectSyncLock): `exclusive` to sync a project's cache, `shared` to read it
 * (check for a commit, export one).
 */
export interface ProjectLock {
  withLock<T>(projectId: number, mode: 'exclusive' | 'shared', fn: () => Promise<T>): Promise<T>;
}
