/**
 * Secret masking. Every text the worker stores, publishes or logs about a job goes through the job's
 * `Masker`: event data (deeply), each event's stdout, the job explanation and traceback, log lines.
 * The worker adds every secret it injects (run/job-secrets.ts) with `add()` before the run starts, so
 * they never appear anywhere in clear.
 */
export const MASK = '********';

/** Values shorter than this are not masked (masking "a" or "1" would garble every output). */
const MIN_SECRET_LENGTH = 3;

export class Masker {
  private secrets: string[] = [];

  constructor(secrets: Iterable<string> = []) {
    for (const s of secrets) this.add(s);
  }

  /** Register a secret value (and, for multi-line values such as keys, each of its lines). */
  add(secret: string): void {
    const values = [secret, ...(secret.includes('\n') ? secret.split(/\r?\n/) : [])];
    for (const v of values) {
      const t = v.trim();
      if (t.length >= MIN_SECRET_LENGTH && !this.secrets.includes(t)) this.secrets.push(t);
    }
    // longest first, so a secret that contains another is replaced whole
    this.secrets.sort((a, b) => b.length - a.length);
  }

  get active(): boolean {
    return this.secrets.length > 0;
  }

  /** The text with every registered secret replaced by ********. */
  mask = (text: string): string => {
    if (this.secrets.length === 0) return text;
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  };

  /** A copy of a JSON-like value with every string (keys included) masked; the value itself when
   * there is nothing to mask. */
  maskDeep<T>(value: T): T {
    if (this.secrets.length === 0) return value;
    return this.walk(value) as T;
  }

  private walk(v: unknown): unknown {
    if (typeof v === 'string') return this.mask(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[this.mask(k)] = this.walk(x);
      return out;
    }
    return v;
  }
}
