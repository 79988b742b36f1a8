export { WorkerError, type WorkerErrorCode } from './errors.js';
export { Masker, MASK } from './mask.js';
export { jsonLogger, silentLogger, type Logger } from './logger.js';
export type {
  EventRow,
  CredentialSource,
  EventStore,
  HostSummaryRow,
  InventorySource,
  JobPatch,
  JobRecord,
  JobStore,
  ProjectLock,
  ProjectSource,
  ProjectSyncRecord,
  ProjectSyncStore,
  SourceStore,
  StaleJob,
  TransitionRequest,
  TransitionResult,
} from './store/ports.js';
export { EventPipeline, type PipelineOptions } from './events/event-pipeline.js';
export { RedisPublisher, nullPublisher, type EventPublisher } from './events/publisher.js';
export { StdoutRenderer, countLines, stripAnsi } from './events/stdout.js';
export { HostSummaryTracker } from './events/host-summaries.js';
export { toEventRow, eventFlags } from './events/event-rows.js';
export { ActiveRuns, type StopReason } from './run/active-runs.js';
export { runJob, type RunnerResources, type RunSummary } from './run/job-runner.js';
export { reapStaleJobs, type ReapOptions, type ReapedJob } from './run/reaper.js';
export { startLease, type Lease, type LeaseOptions } from './run/lease.js';
export { applySecrets, jobSecretsSource, takeLaunchSecrets, type AppliedSecrets, type GetDelClient, type JobSecretsSource } from './run/job-secrets.js';
export { maskedLogger } from './logger.js';
export { unavailableSources, type JobSources, type PreparedSources } from './run/job-sources.js';
export { startDroverWorker, jobHandlers, type DroverWorker, type JobHandlers, type WorkerOptions } from './worker.js';
export { loadConfig, type WorkerConfig } from './config.js';
export { startWorkerProcess, stopOnSignals, type WorkerProcess } from './process.js';
export { PrismaEventStore } from './store/prisma/prisma-event-store.js';
export { PrismaJobStore } from './store/prisma/prisma-job-store.js';
export { PrismaSourceStore } from './store/prisma/prisma-source-store.js';
export { DbJobSources, inventoryDocument } from './run/db-sources.js';
export { GitCheckout, type CheckedOut, type GitCheckoutDeps } from './run/git-checkout.js';
export { PgProjectLock } from './store/pg/pg-project-lock.js';
export { PrismaProjectSyncStore } from './store/prisma/prisma-project-sync-store.js';
export { databaseJobSources } from './sources.js';
