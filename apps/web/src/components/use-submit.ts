/**
 * A form's submit cycle: run the client-side checks, send, and keep the API's message and per-field
 * errors (keyed as the API names fields, e.g. `name`, `inputs.password`, `extra_vars.region`).
 */
import { useCallback, useState } from 'react';
import { describeError, fieldErrorsOf, hasErrors, type FieldErrors } from './errors';

export interface Submitter {
  errors: FieldErrors;
  message: string | undefined;
  busy: boolean;
  submit(validate: () => FieldErrors, send: () => Promise<void>): Promise<void>;
  clear(field: string): void;
}

export function useSubmit(): Submitter {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = useCallback(async (validate: () => FieldErrors, send: () => Promise<void>) => {
    const local = validate();
    if (hasErrors(local)) {
      setErrors(local);
      setMessage('Some fields need attention.');
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(undefined);
    try {
      await send();
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setMessage(describeError(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const clear = useCallback((field: string) => {
    setErrors((prev) => {
      if (!(field in prev)) return prev;
      const next = { ...prev };
      delete next[field];
      return next;
    });
  }, []);

  return { errors, message, busy, submit, clear };
}
