/** Turning failures into what forms show: the API's message and its per-field messages. */
import { ApiRequestError } from '../api/client';

export type FieldErrors = Record<string, string>;

export function describeError(e: unknown): string {
  if (e instanceof ApiRequestError) return e.message;
  if (e instanceof DOMException && e.name === 'AbortError') return 'canceled';
  return 'Could not reach the server';
}

/** The field errors of a failed request (empty for anything but an API error naming fields). */
export function fieldErrorsOf(e: unknown): FieldErrors {
  return e instanceof ApiRequestError ? { ...(e.body.fields ?? {}) } : {};
}

/** Field errors that none of `shown` displays (a form lists these in its summary). */
export function unclaimed(fields: FieldErrors, shown: Iterable<string>): FieldErrors {
  const known = new Set(shown);
  return Object.fromEntries(Object.entries(fields).filter(([k]) => !known.has(k)));
}

export function hasErrors(fields: FieldErrors): boolean {
  return Object.keys(fields).length > 0;
}
