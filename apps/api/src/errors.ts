/**
 * The API's error catalogue: every error a client can see has a stable code, an HTTP status and one
 * envelope, `{error: {code, message, fields?}}`. `fields` maps a request field (dotted path, e.g.
 * `inputs.ssh_key_data` or `extra_vars.region`) to what is wrong with it.
 */

export const API_ERRORS = {
  /** The request is malformed or a field is invalid (see `fields`). */
  DRV_API_VALIDATION: 400,
  /** The body is not valid JSON. */
  DRV_API_BAD_JSON: 400,
  /** No credentials, or expired/unknown ones. */
  DRV_API_UNAUTHENTICATED: 401,
  /** The object is visible to the caller, but the action needs a role the caller lacks. */
  DRV_API_FORBIDDEN: 403,
  /** No such object, or the caller may not read it (never 403 for objects the caller cannot see). */
  DRV_API_NOT_FOUND: 404,
  /** The method is not allowed in the object's current state (e.g. cancelling a finished job). */
  DRV_API_NOT_ALLOWED: 405,
  /** The change conflicts with existing data (duplicate name, object still in use). */
  DRV_API_CONFLICT: 409,
  /** The body exceeds the size limit. */
  DRV_API_PAYLOAD_TOO_LARGE: 413,
  /** The body's content type is not JSON. */
  DRV_API_UNSUPPORTED_MEDIA_TYPE: 415,
  /** Too many failed attempts (login). */
  DRV_API_RATE_LIMITED: 429,
  /** A bug or an infrastructure fault; details are in the server log only. */
  DRV_API_INTERNAL: 500,
  /** A dependency (Redis, git) is unavailable or failed. */
  DRV_API_UNAVAILABLE: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly fields: FieldErrors | undefined;

  constructor(code: ApiErrorCode, message: string, options: { fields?: FieldErrors; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = API_ERRORS[code];
    this.fields = options.fields && Object.keys(options.fields).length > 0 ? options.fields : undefined;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } };
  }
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldErrors };
}

export const notFound = (what = 'object'): ApiError => new ApiError('DRV_API_NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'you do not have permission to perform this action'): ApiError =>
  new ApiError('DRV_API_FORBIDDEN', message);
export const invalid = (fields: FieldErrors, message?: string): ApiError =>
  new ApiError('DRV_API_VALIDATION', message ?? `invalid ${Object.keys(fields).join(', ')}`, { fields });
export const conflict = (message: string, fields?: FieldErrors): ApiError =>
  new ApiError('DRV_API_CONFLICT', message, fields ? { fields } : {});
