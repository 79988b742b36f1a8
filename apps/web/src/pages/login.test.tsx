// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { SessionProvider } from '../auth/session';
import { LoginPage } from './login';

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('LoginPage', () => {
  it('posts the credentials and shows the API message when they are refused', async () => {
    const calls: Array<[string, RequestInit | undefined]> = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      if (url === '/api/v1/me') return reply(401, { error: { code: 'DRV_API_UNAUTHENTICATED', message: 'authentication required' } });
      return reply(401, { error: { code: 'DRV_API_UNAUTHENTICATED', message: 'invalid username or password' } });
    });
    render(
      <MemoryRouter>
        <SessionProvider>
          <LoginPage />
        </SessionProvider>
      </MemoryRouter>,
    );
    await userEvent.type(screen.getByLabelText('Username'), 'alice');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'invalid username or password');
    const login = calls.find(([u]) => u === '/api/v1/auth/login');
    expect(login?.[1]?.method).toBe('POST');
    expect(JSON.parse(String(login?.[1]?.body))).toEqual({ username: 'alice', password: 'wrong' });
  });
});
