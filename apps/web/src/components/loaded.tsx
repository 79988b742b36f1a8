/** Route helpers: the numeric `:id` of the route, and rendering once an object has loaded. */
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import { ErrorText } from './error-text';
import { useFetch } from './use-fetch';

export function useIdParam(name = 'id'): number {
  const params = useParams();
  return Number(params[name]);
}

export function Loaded<T>({ path, children }: { path: string; children(data: T, reload: () => void): ReactNode }) {
  const r = useFetch<T>(path);
  if (r.error && !r.data) return <ErrorText error={r.error} />;
  if (!r.data)
    return (
      <p role="status" className="loading">
        Loading…
      </p>
    );
  return <>{children(r.data, r.reload)}</>;
}
