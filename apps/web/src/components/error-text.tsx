/** A failure shown where it happened (role=alert); nothing when there is none. */
export function ErrorText({ error, prefix }: { error: string | null | undefined; prefix?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {prefix}
      {error}
    </p>
  );
}
