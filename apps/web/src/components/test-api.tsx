/**
 * Test helpers (used by *.test.tsx only): a fake API behind a stubbed fetch that records every call,
 * and rendering a screen inside the session and a memory router.
 */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import { forgetCreateRights } from '../auth/can-create';
import { SessionProvider } from '../auth/session';
import { forgetNames } from './resource-link';

export interface Call {
  method: string;
  /** path without /api/v1 */
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type Reply = [number, unknown] | undefined;
export type Handler = (call: Call) => Reply;

export const ADMIN = { id: 1, username: 'admin', is_superuser: true };
export const ALICE = { id: 2, username: 'alice', is_superuser: false };

export function page<T>(results: T[], count = results.length) {
  return { count, next: null, previous: null, results };
}

/** Stubs fetch: /me answers `me`, everything else goes to `handler` (unhandled: 404). */
export function fakeApi(handler: Handler, me: Record<string, unknown> | null = ADMIN): Call[] {
  const calls: Call[] = [];
  forgetNames();
  forgetCreateRights();
  vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
    const u = new URL(input, 'http://localhost');
    const call: Call = {
      method: init?.method ?? 'GET',
      path: u.pathname.replace(/^\/api\/v1/, ''),
      query: u.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    let reply: Reply;
    if (call.path === '/me') reply = me ? [200, me] : [401, { error: { code: 'DRV_API_UNAUTHENTICATED', message: 'authentication required' } }];
    else {
      calls.push(call);
      reply = handler(call);
    }
    const [status, body] = reply ?? [404, { error: { code: 'DRV_API_NOT_FOUND', message: `no route ${call.method} ${call.path}` } }];
    return status === 204 ? new Response(null, { status }) : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

export function Where() {
  const l = useLocation();
  return (
    <div role="note" aria-label="Location">
      {l.pathname}
    </div>
  );
}

/** Renders `element` at `path` (route pattern `pattern`), a /jobs/:id stand-in, and the current location (output "Location"). */
export function renderAt(element: ReactNode, path: string, pattern = '/*'): RenderResult {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <SessionProvider>
        <Where />
        <Routes>
          <Route path="/jobs/:id" element={<p>Job page</p>} />
          <Route path={pattern} element={element} />
        </Routes>
      </SessionProvider>
    </MemoryRouter>,
  );
}

export function apiError(message: string, fields?: Record<string, string>): [number, unknown] {
  return [400, { error: { code: 'DRV_API_VALIDATION', message, fields } }];
}
