/** A job status as a badge: the status word itself (colour only repeats it). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`status-badge status-${status}`}>{status}</span>;
}
