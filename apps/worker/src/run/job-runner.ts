import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DroverError, Inventory, loadPlaybook, runPlaybook, formatPos, type Playbook, type RunOutcome } from '@drover/engine';
import type { JobStatus } from '@drover/queue';
import { WorkerError, errorMessage } from '../errors.js';
import { EventPipeline, type PipelineOptions } from '../events/event-pipeline.js';
import type { EventPublisher } from '../events/publisher.js';
import { maskedLogger, type Logger } from '../logger.js';
import { Masker } from '../mask.js';
import type { EventStore, JobRecord, JobStore } from '../store/ports.js';
import type { ActiveRuns, StopReason } from './active-runs.js';
import type { JobSources, PreparedSources } from './job-sources.js';
import { applySecrets, takeLaunchSecrets, type JobSecretsSource } from './job-secrets.js';
import { startLease, type Lease } from './lease.js';

/** Everything a run needs (one object, shared by every run of the worker). */
export interface RunnerResources {
  readonly jobs: JobStore;
  readonly events: EventStore;
  readonly publisher: EventPublisher;
  readonly sources: JobSources;
  /** Machine credentials and launch-time secrets; without it a job that needs one fails to start. */
  readonly secrets?: JobSecretsSource;
  readonly logger: Logger;
  readonly active: ActiveRuns;
  readonly workerId: string;
  /** Heartbeat (and cancel flag poll) interval. */
  readonly heartbeatMs: number;
  /** After an abort, how long the engine gets to return before the run is abandoned. */
  readonly cancelGraceMs: number;
  /** Batching knobs of the event pipeline. */
  readonly pipeline?: Pick<PipelineOptions, 'flushIntervalMs' | 'flushEvents' | 'maxBatch' | 'retryForMs'>;
  /** Parent of the jobs' private directories (default: the OS temp dir). */
  readonly tmpRoot?: string;
}

export interface RunSummary {
  readonly jobId: number;
  readonly status: JobStatus;
  readonly lastCounter: number;
}

/** How a run ended, before it is written. `gone`: the job was taken from us (reaped, or changed by
 * someone else while waiting); nothing more is written. */
type Outcome =
  | { readonly kind: 'end'; readonly status: Exclude<JobStatus, 'new' | 'pending' | 'waiting' | 'running'>; readonly explanation: string; readonly traceback?: string }
  | { readonly kind: 'gone' };

const STOPPED: Record<Exclude<StopReason, 'lease_lost'>, Outcome> = {
  cancel: { kind: 'end', status: 'canceled', explanation: 'Job canceled on request.' },
  timeout: { kind: 'end', status: 'failed', explanation: 'Job terminated due to timeout.' },
  shutdown: { kind: 'end', status: 'error', explanation: 'The worker shut down while the job was running.' },
};

/** The abort reason the engine sees (it shows in the output of the task it interrupts). */
const ABORT_MESSAGES: Record<StopReason, string> = {
  cancel: 'the job was canceled',
  timeout: 'the job timed out',
  lease_lost: 'the worker lost its lease on the job',
  shutdown: 'the worker is shutting down',
};

function splitTags(s: string): string[] {
  return s.split(',').map((t) => t.trim()).filter(Boolean);
}

/**
 * Run Job `jobId`: claim it (pending -> waiting, refused unless it is pending or unclaimed waiting),
 * materialize its sources in a private directory, run the engine in-process (waiting -> running)
 * with every event going through the EventPipeline, and record how it ended. Throws WorkerError
 * DRV_WORKER_JOB_NOT_FOUND / DRV_WORKER_JOB_NOT_RUNNABLE when there is nothing to run.
 */
export async function runJob(res: RunnerResources, jobId: number, outer?: AbortSignal): Promise<RunSummary> {
  const logger = res.logger.child({ jobId });
  const current = await res.jobs.getJob(jobId);
  if (!current) throw new WorkerError('DRV_WORKER_JOB_NOT_FOUND', `job ${jobId} does not exist`);
  const claim = await res.jobs.transition(jobId, {
    from: ['pending', 'waiting'],
    owner: null,
    to: 'waiting',
    reason: `Claimed by worker ${res.workerId}.`,
    patch: { workerId: res.workerId, heartbeatAt: new Date() },
  });
  if (!claim.ok) {
    const j = claim.job;
    throw new WorkerError(
      'DRV_WORKER_JOB_NOT_RUNNABLE',
      `job ${jobId} is ${j?.status ?? 'gone'}${j?.workerId ? ` (worker ${j.workerId})` : ''}: only a pending job is run, and only once`,
    );
  }
  if (claim.from !== claim.to) await announce(res, logger, jobId, 'waiting', claim.at);
  return new JobRun(res, claim.job, logger).execute(outer);
}

async function announce(res: RunnerResources, logger: Logger, jobId: number, status: JobStatus, at: Date): Promise<void> {
  try {
    await res.publisher.publishStatus({ type: 'status', version: 1, jobId, status, at: at.toISOString() });
  } catch (e) {
    logger.warn('publishing a status change failed', { status, err: errorMessage(e) });
  }
}

class JobRun {
  private readonly controller = new AbortController();
  private stopReason: StopReason | undefined;
  private readonly masker = new Masker();
  private readonly pipeline: EventPipeline;
  private started = false;
  /** Every log line about the job goes through the job's masker. */
  private readonly logger: Logger;

  constructor(
    private readonly res: RunnerResources,
    private readonly job: JobRecord,
    logger: Logger,
  ) {
    this.logger = maskedLogger(logger, this.masker);
    this.pipeline = new EventPipeline({
      ...res.pipeline,
      jobId: job.id,
      store: res.events,
      publisher: res.publisher,
      masker: this.masker,
      logger: this.logger,
      verbosity: job.verbosity,
    });
  }

  stop(reason: StopReason): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.logger.info('stopping the run', { reason });
    this.controller.abort(new Error(ABORT_MESSAGES[reason]));
  }

  async execute(outer?: AbortSignal): Promise<RunSummary> {
    const { res, job } = this;
    res.active.add(job.id, this);
    const lease: Lease = startLease({
      jobs: res.jobs,
      jobId: job.id,
      workerId: res.workerId,
      intervalMs: res.heartbeatMs,
      logger: this.logger,
      onCancel: () => this.stop('cancel'),
      onLost: () => this.stop('lease_lost'),
    });
    const onOuterAbort = () => this.stop('shutdown');
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    if (outer?.aborted) this.stop('shutdown');
    if (job.cancelRequested) this.stop('cancel');
    let timer: NodeJS.Timeout | undefined;
    if (job.timeout > 0) timer = setTimeout(() => this.stop('timeout'), job.timeout * 1000);
    let dir: string | undefined;
    try {
      dir = await mkdtemp(join(res.tmpRoot ?? tmpdir(), `drover-job-${job.id}-`));
      const outcome = await this.run(dir);
      return await this.finish(outcome);
    } finally {
      lease.stop();
      if (timer) clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
      res.active.delete(job.id, this);
      if (dir) await rm(dir, { recursive: true, force: true }).catch((e) => this.logger.warn('removing the job directory failed', { err: errorMessage(e) }));
    }
  }

  private stoppedOutcome(): Outcome {
    const r = this.stopReason!;
    return r === 'lease_lost' ? { kind: 'gone' } : STOPPED[r];
  }

  /** A job that could not start: the user's to fix (failed) or ours (error). The message also goes on
   * the event stream, so the job's output says why. */
  private startFailure(e: unknown): Outcome {
    const userError = e instanceof DroverError || (e instanceof WorkerError && e.code === 'DRV_WORKER_SOURCES');
    const where = e instanceof DroverError && e.pos ? ` (${formatPos(e.pos)})` : '';
    const message = `${errorMessage(e)}${where}`;
    this.pipeline.appendLocal('error', message);
    if (userError) return { kind: 'end', status: 'failed', explanation: `Job failed to start: ${message}` };
    return { kind: 'end', status: 'error', explanation: `Job failed to start: ${message}`, traceback: e instanceof Error ? (e.stack ?? message) : message };
  }

  private async prepare(dir: string): Promise<{ prepared: PreparedSources; inventory: Inventory; playbook: Playbook; extraVars: Record<string, unknown> }> {
    // launch-time secrets first: the Redis key is deleted as soon as the job is ours, whatever happens next
    const launch = await takeLaunchSecrets(this.res.secrets, this.job, this.masker);
    if (this.stopReason) throw new Error('stopped');
    const prepared = await this.res.sources.prepare(this.job, dir);
    const applied = await applySecrets(this.res.secrets, this.job, prepared.extraVars, launch, dir, this.masker);
    for (const w of applied.warnings) this.pipeline.appendLocal('warning', w);
    for (const w of prepared.warnings ?? []) this.pipeline.appendLocal('warning', w);
    const inventory = await Inventory.load(prepared.inventoryPaths);
    for (const w of inventory.warnings) this.pipeline.appendLocal('warning', w);
    const playbook = await loadPlaybook(prepared.playbookPath);
    if (playbook.plays.length === 0) throw new DroverError('DRV_ENGINE_PARSE', `A playbook must contain at least one play: ${this.job.playbook}`);
    await inventory.addPlaybookDir(playbook.basedir);
    if (this.job.limit.trim()) {
      await inventory.setLimit(this.job.limit);
      if (inventory.listHosts('all').hosts.length === 0) {
        throw new DroverError('DRV_ENGINE_OPTION', 'Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
      }
    }
    return { prepared, inventory, playbook, extraVars: applied.extraVars };
  }

  private async run(dir: string): Promise<Outcome> {
    const { res, job } = this;
    let ready: Awaited<ReturnType<JobRun['prepare']>>;
    try {
      ready = await this.prepare(dir);
    } catch (e) {
      if (this.stopReason) return this.stoppedOutcome();
      return this.startFailure(e);
    }
    if (this.stopReason) return this.stoppedOutcome();
    const now = new Date();
    const t = await res.jobs.transition(job.id, {
      from: ['waiting'],
      owner: res.workerId,
      to: 'running',
      reason: 'Playbook started.',
      patch: { startedAt: now, heartbeatAt: now, ...(ready.prepared.scmRevision ? { scmRevision: ready.prepared.scmRevision } : {}) },
      at: now,
    });
    if (!t.ok) {
      this.logger.warn('the job changed while it was being prepared; not running it', { status: t.job?.status });
      return { kind: 'gone' };
    }
    this.started = true;
    await announce(res, this.logger, job.id, 'running', t.at);

    const engine: Promise<{ ok: RunOutcome } | { error: unknown }> = runPlaybook({
      playbook: ready.playbook,
      inventory: ready.inventory,
      extraVars: ready.extraVars,
      forks: job.forks > 0 ? job.forks : 5,
      forceHandlers: job.forceHandlers,
      check: job.checkMode,
      verbosity: job.verbosity,
      tags: splitTags(job.jobTags),
      skipTags: splitTags(job.skipTags),
      signal: this.controller.signal,
      sinks: [this.pipeline.sink],
    }).then((ok) => ({ ok }), (error: unknown) => ({ error }));
    const result = await Promise.race([engine, this.abandonAfterGrace()]);
    if (result === 'abandoned') {
      this.logger.warn('the engine did not stop within the grace period; abandoning its run', { graceMs: res.cancelGraceMs });
      res.active.trackAbandoned(engine);
    }
    if (this.stopReason) return this.stoppedOutcome();
    if (result === 'abandoned') return { kind: 'end', status: 'error', explanation: 'The engine did not stop.' };
    if ('ok' in result) {
      const code = result.ok.exitCode;
      if (code === 0) return { kind: 'end', status: 'successful', explanation: '' };
      const why = code === 4 ? 'a host was unreachable' : code === 2 ? 'a host failed' : 'the run failed';
      return { kind: 'end', status: 'failed', explanation: `Playbook finished with exit code ${code}: ${why}.` };
    }
    const e = result.error;
    const message = errorMessage(e);
    this.pipeline.appendLocal('error', e instanceof DroverError ? message : `Unexpected Exception, this is probably a bug: ${message}`);
    if (e instanceof DroverError) return { kind: 'end', status: 'failed', explanation: message };
    return { kind: 'end', status: 'error', explanation: `The engine failed: ${message}`, traceback: e instanceof Error ? (e.stack ?? message) : message };
  }

  /** Resolves 'abandoned' cancelGraceMs after an abort (never, without one). */
  private abandonAfterGrace(): Promise<'abandoned'> {
    return new Promise((resolve) => {
      const signal = this.controller.signal;
      const arm = () => setTimeout(() => resolve('abandoned'), this.res.cancelGraceMs).unref();
      if (signal.aborted) arm();
      else signal.addEventListener('abort', arm, { once: true });
    });
  }

  private async finish(outcome: Outcome): Promise<RunSummary> {
    const { res, job } = this;
    let lastCounter = this.pipeline.stored;
    try {
      lastCounter = await this.pipeline.close();
    } catch (e) {
      if (outcome.kind === 'end') outcome = { kind: 'end', status: 'error', explanation: errorMessage(e), traceback: e instanceof Error ? e.stack : undefined };
    }
    if (outcome.kind === 'gone') {
      const now = await res.jobs.getJob(job.id);
      this.logger.warn('the job was taken from this worker', { status: now?.status });
      await this.pipeline.complete();
      return { jobId: job.id, status: now?.status ?? 'error', lastCounter };
    }
    const at = new Date();
    const startedAt = this.started ? (await res.jobs.getJob(job.id))?.startedAt : null;
    const mask = this.masker.mask;
    const t = await res.jobs.transition(job.id, {
      from: ['waiting', 'running'],
      owner: res.workerId,
      to: outcome.status,
      reason: mask(outcome.explanation || `Playbook finished: ${outcome.status}.`),
      at,
      patch: {
        finishedAt: at,
        elapsed: startedAt ? (at.getTime() - startedAt.getTime()) / 1000 : 0,
        jobExplanation: mask(outcome.explanation),
        ...(outcome.traceback ? { resultTraceback: mask(outcome.traceback) } : {}),
        eventsEmitted: lastCounter,
      },
    });
    if (!t.ok) {
      this.logger.warn('could not record the end of the job: it changed meanwhile', { status: t.job?.status, wanted: outcome.status });
      await this.pipeline.complete();
      return { jobId: job.id, status: t.job?.status ?? 'error', lastCounter };
    }
    await this.pipeline.complete();
    await announce(res, this.logger, job.id, outcome.status, at);
    this.logger.info('job finished', { status: outcome.status, events: lastCounter });
    return { jobId: job.id, status: outcome.status, lastCounter };
  }
}
