/** Why a run was told to stop. */
export type StopReason = 'cancel' | 'timeout' | 'lease_lost' | 'shutdown';

export interface Stoppable {
  stop(reason: StopReason): void;
}

/**
 * The runs of this worker process, by job id, so a cancel message or a shutdown can reach them; and
 * the engine runs that were abandoned after an abort (the engine did not return within the grace
 * period), so shutdown can give them a last moment.
 */
export class ActiveRuns {
  private readonly runs = new Map<number, Stoppable>();
  private readonly abandoned = new Set<Promise<unknown>>();

  add(jobId: number, run: Stoppable): void {
    this.runs.set(jobId, run);
  }

  delete(jobId: number, run: Stoppable): void {
    if (this.runs.get(jobId) === run) this.runs.delete(jobId);
  }

  has(jobId: number): boolean {
    return this.runs.has(jobId);
  }

  get size(): number {
    return this.runs.size;
  }

  stop(jobId: number, reason: StopReason): boolean {
    const r = this.runs.get(jobId);
    r?.stop(reason);
    return r !== undefined;
  }

  stopAll(reason: StopReason): void {
    for (const r of this.runs.values()) r.stop(reason);
  }

  trackAbandoned(p: Promise<unknown>): void {
    const q = p.catch(() => {}).finally(() => this.abandoned.delete(q));
    this.abandoned.add(q);
  }

  /** Wait (at most `ms`) for abandoned engine runs to settle. */
  async settleAbandoned(ms: number): Promise<void> {
    if (this.abandoned.size === 0) return;
    await Promise.race([Promise.allSettled([...this.abandoned]), new Promise((r) => setTimeout(r, ms).unref())]);
  }
}
