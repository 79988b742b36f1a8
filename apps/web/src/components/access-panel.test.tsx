// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AccessPanel, RolesPanel } from './access-panel';
import { fakeApi, page, renderAt } from './test-api';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('AccessPanel', () => {
  it('lists who has access and why, grants a role to a team and revokes a direct grant', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/projects/3/access_list')
        return [
          200,
          page([
            { id: 2, username: 'alice', roles: ['use', 'read'], access: [{ role: 'use', via: 'direct', granted_role: 'use' }, { role: 'read', via: 'team', team: { id: 4, name: 'ops' }, granted_role: 'read' }] },
          ]),
        ];
      if (c.path === '/users') return [200, page([{ id: 2, username: 'alice' }])];
      if (c.path === '/teams') return [200, page([{ id: 4, name: 'ops' }])];
      if (c.path === '/teams/4/roles' || c.path === '/users/2/roles') return [204, null];
      return undefined;
    });
    renderAt(<AccessPanel resourceType="project" resourceId={3} canGrant />, '/');
    const table = await screen.findByRole('table', { name: 'Access' });
    await within(table).findByText('alice');
    expect(within(table).getByText('(via team ops)')).toBeTruthy();
    // only the direct grant can be revoked here
    expect(within(table).queryByRole('button', { name: 'Revoke read from alice' })).toBeNull();
    await userEvent.click(within(table).getByRole('button', { name: 'Revoke use from alice' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/users/2/roles')).toBe(true));
    expect(calls.find((c) => c.path === '/users/2/roles')?.body).toEqual({ resource_type: 'project', resource_id: 3, role: 'use', disassociate: true });

    const form = screen.getByRole('form', { name: 'Grant access' });
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'Grant to' }), 'Team');
    await within(form).findByRole('option', { name: 'ops' });
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'Team' }), 'ops');
    expect(within(within(form).getByRole('combobox', { name: 'Role' })).getAllByRole('option').map((o) => o.textContent)).toEqual(['admin', 'use', 'update', 'read']);
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'Role' }), 'update');
    await userEvent.click(within(form).getByRole('button', { name: 'Grant' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/teams/4/roles')).toBe(true));
    expect(calls.find((c) => c.path === '/teams/4/roles')?.body).toEqual({ resource_type: 'project', resource_id: 3, role: 'update' });
  });

  it('offers no grant form without the right to grant', async () => {
    fakeApi((c) => (c.path === '/projects/3/access_list' ? [200, page([])] : undefined));
    renderAt(<AccessPanel resourceType="project" resourceId={3} canGrant={false} />, '/');
    await screen.findByRole('table', { name: 'Access' });
    expect(screen.queryByRole('form', { name: 'Grant access' })).toBeNull();
  });
});

describe('RolesPanel', () => {
  it("grants a role on an object to a user with the object type's roles", async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/users/2/roles' && c.method === 'GET') return [200, page([{ id: 1, role: 'execute', resource_type: 'job_template', resource_id: 5, resource_name: 'deploy', user: 2, team: null }])];
      if (c.path === '/users/2/roles') return [204, null];
      if (c.path === '/inventories') return [200, page([{ id: 8, name: 'prod' }])];
      return undefined;
    });
    renderAt(<RolesPanel grantee="user" granteeId={2} canGrant />, '/');
    const table = await screen.findByRole('table', { name: 'Roles' });
    expect((await within(table).findByRole('link', { name: 'deploy' })).getAttribute('href')).toBe('/templates/5');
    const form = screen.getByRole('form', { name: 'Grant a role' });
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'Resource type' }), 'Inventory');
    await within(form).findByRole('option', { name: 'prod' });
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'Resource' }), 'prod');
    await userEvent.selectOptions(within(form).getByRole('combobox', { name: 'Role' }), 'use');
    await userEvent.click(within(form).getByRole('button', { name: 'Grant' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ resource_type: 'inventory', resource_id: 8, role: 'use' });
    await waitFor(() => expect(calls.filter((c) => c.path === '/users/2/roles' && c.method === 'GET')).toHaveLength(2));
  });
});
