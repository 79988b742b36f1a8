/** Loads one API resource (GET) and reloads it on demand; a null path loads nothing. */
import { useCallback, useEffect, useState } from 'react';
import { api, type Query } from '../api/client';
import { describeError } from './errors';

export interface Fetched<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
  setData(value: T): void;
}

export function useFetch<T>(path: string | null, query?: Query): Fetched<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const ctl = new AbortController();
    setLoading(true);
    api
      .get<T>(path, JSON.parse(queryKey) as Query, ctl.signal)
      .then(
        (d) => {
          setData(d);
          setError(undefined);
        },
        (e: unknown) => {
          if (!ctl.signal.aborted) setError(describeError(e));
        },
      )
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [path, queryKey, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}
