/** A button's request: busy while it runs, and the failure it ended with (the API's message). */
import { useCallback, useState } from 'react';
import { describeError } from './errors';

export interface Action {
  busy: boolean;
  error: string | undefined;
  setError(error: string | undefined): void;
  /** Clears the error, runs `fn` (busy meanwhile) and keeps its failure. */
  run(fn: () => Promise<void>): Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = useCallback(async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
