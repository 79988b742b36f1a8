// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, fakeApi, page, renderAt } from '../components/test-api';
import { TeamsRoutes } from './teams';
import { UsersRoutes } from './users';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const BOB = { id: 3, type: 'user', url: '', username: 'bob', email: '', first_name: '', last_name: '', is_superuser: false, is_system_auditor: false, created: '', last_login: null };

describe('user form', () => {
  it('requires matching passwords, sends the superuser flag, and shows the API error beside Username', async () => {
    const calls = fakeApi((c) => (c.path === '/users' && c.method === 'POST' ? apiError('invalid', { username: 'is taken' }) : undefined));
    renderAt(<UsersRoutes />, '/users/new', '/users/*');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Username' }), 'bob');
    await userEvent.type(screen.getByLabelText('Password'), 'one');
    await userEvent.type(screen.getByLabelText('Confirm password'), 'two');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Superuser' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByLabelText('Confirm password').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.clear(screen.getByLabelText('Confirm password'));
    await userEvent.type(screen.getByLabelText('Confirm password'), 'one');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    const username = screen.getByRole('textbox', { name: 'Username' });
    await waitFor(() => expect(username.getAttribute('aria-invalid')).toBe('true'));
    expect(username.closest('.field')?.querySelector('[role=alert]')?.textContent).toBe('is taken');
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ username: 'bob', email: '', first_name: '', last_name: '', is_superuser: true, is_system_auditor: false, password: 'one' });
  });

  it('leaves the password out of an edit when it is left empty', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/users/3' && c.method === 'GET') return [200, BOB];
      if (c.path === '/users/3' && c.method === 'PATCH') return [200, BOB];
      if (c.path === '/users/3/roles') return [200, page([])];
      return undefined;
    });
    renderAt(<UsersRoutes />, '/users/3/edit', '/users/*');
    await userEvent.type(await screen.findByRole('textbox', { name: 'First name' }), 'Bob');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ username: 'bob', email: '', first_name: 'Bob', last_name: '', is_superuser: false, is_system_auditor: false });
  });
});

describe('team members', () => {
  it('adds and removes members', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/teams/4') return [200, { id: 4, name: 'ops', description: '', organization: 7 }];
      if (c.path === '/teams/4/members' && c.method === 'GET') return [200, page([BOB])];
      if (c.path === '/teams/4/members') return [204, null];
      if (c.path === '/users') return [200, page([BOB, { ...BOB, id: 5, username: 'carol' }])];
      if (c.path === '/teams/4/roles' || c.path === '/teams/4/access_list') return [200, page([])];
      if (c.path === '/organizations/7') return [200, { id: 7, name: 'Ops' }];
      return undefined;
    });
    renderAt(<TeamsRoutes />, '/teams/4', '/teams/*');
    expect(await screen.findByRole('link', { name: 'Ops' })).toBeTruthy();
    const members = await screen.findByRole('table', { name: 'Members' });
    await userEvent.click(await within(members).findByRole('button', { name: 'Remove bob' }));
    const form = screen.getByRole('form', { name: 'Add member' });
    await within(form).findByRole('option', { name: 'carol' });
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'User' }), 'carol');
    await userEvent.click(within(form).getByRole('button', { name: 'Add member' }));
    await waitFor(() => expect(calls.filter((c) => c.path === '/teams/4/members' && c.method === 'POST')).toHaveLength(2));
    expect(calls.filter((c) => c.path === '/teams/4/members' && c.method === 'POST').map((c) => c.body)).toEqual([{ user: 3, disassociate: true }, { user: 5 }]);
  });
});
