/** Durations and timestamps of the job screens. */

/** "1h 02m 03s", "2m 05s", "7s" (seconds). */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h}h ${String(m).padStart(2, '0')}m ${String(sec).padStart(2, '0')}s`;
  if (m) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Elapsed seconds of a job: its own `elapsed` once finished, else now - started. */
export function jobElapsed(job: { started: string | null; finished: string | null; elapsed: number }, now: number): number {
  if (job.finished || !job.started) return job.elapsed;
  return (now - Date.parse(job.started)) / 1000;
}
