/** A job (or sync) status as a coloured word. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  const s = status ?? 'never';
  return <span className={`status status-${s}`}>{s === 'never' ? 'never synced' : s}</span>;
}

export const ACTIVE_STATUSES = ['new', 'pending', 'waiting', 'running'] as const;

export function isActive(status: string): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status);
}
