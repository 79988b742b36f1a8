/**
 * The REST client: same-origin fetch to /api/v1 with the session cookie. Every non-2xx answer becomes
 * an ApiRequestError carrying the API's error envelope ({error: {code, message, fields}}), so forms can
 * show `fields` beside the inputs they name.
 */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string>;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiRequestError';
  }
  /** The message the API gave for one field (dotted path as the API names it), if any. */
  field(name: string): string | undefined {
    return this.body.fields?.[name];
  }
}

/** AWX-style page. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export const API_BASE = '/api/v1';

function url(path: string, query?: Query): string {
  const u = path.startsWith('/api/') ? path : `${API_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (!query) return u;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${u}${u.includes('?') ? '&' : '?'}${s}` : u;
}

/** Called when any request answers 401 (the session ended): the app goes back to the login screen. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(fn: (() => void) | undefined): void {
  onUnauthenticated = fn;
}

export async function request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' }, signal: opts.signal };
  if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(url(path, opts.query), init);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const env = (data as { error?: ApiErrorBody } | undefined)?.error;
    const body: ApiErrorBody = env && typeof env.message === 'string' ? env : { code: `HTTP_${res.status}`, message: typeof data === 'string' && data ? data : res.statusText || `HTTP ${res.status}` };
    if (res.status === 401 && !path.endsWith('/auth/login')) onUnauthenticated?.();
    throw new ApiRequestError(res.status, body);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) => request<T>('POST', path, { body: body ?? {}, query }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: (path: string) => request<void>('DELETE', path),
  /** Raw text (job stdout). */
  async text(path: string, query?: Query): Promise<string> {
    const res = await fetch(url(path, query), { credentials: 'same-origin' });
    if (!res.ok) throw new ApiRequestError(res.status, { code: `HTTP_${res.status}`, message: res.statusText });
    return res.text();
  },
};
