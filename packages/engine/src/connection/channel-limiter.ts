/** A counting semaphore for SSH channels on one connection. sshd's MaxSessions caps the open session
 * channels per connection (OpenSSH default 10); callers past the limit wait in FIFO order. */
export class ChannelLimiter {
  private active = 0;
  private readonly waiters: Array<{ resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void }> = [];

  constructor(private max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxChannels must be a positive integer, got ${max}`);
  }

  get limit(): number {
    return this.max;
  }
  get inUse(): number {
    return this.active;
  }
  get queued(): number {
    return this.waiters.length;
  }

  /** Wait for a free slot. Rejects with the signal's reason if aborted while waiting. */
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max && this.waiters.length === 0) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const w: (typeof this.waiters)[number] = { resolve, reject, signal };
      if (signal) {
        w.onAbort = () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.waiters.push(w);
    });
  }

  release(): void {
    this.active--;
    this.pump();
  }

  /** The server refused a channel while `active` were open: never use more than that again. */
  lowerTo(n: number): void {
    this.max = Math.max(1, Math.min(this.max, n));
  }

  /** Reject everyone waiting (connection closed). */
  failAll(err: unknown): void {
    for (const w of this.waiters.splice(0)) {
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      w.reject(err);
    }
  }

  private pump(): void {
    while (this.active < this.max && this.waiters.length > 0) {
      const w = this.waiters.shift()!;
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      this.active++;
      w.resolve();
    }
  }
}
