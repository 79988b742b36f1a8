// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, fakeApi, page, renderAt } from '../components/test-api';
import { InventoriesRoutes } from './inventories';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const INV = { id: 2, type: 'inventory', url: '', name: 'prod', description: '', organization: 7, variables: { ntp: 'pool.ntp.org' }, total_hosts: 1, total_groups: 1, created: '', modified: '' };
const HOST = { id: 5, type: 'host', url: '', name: 'web1', description: '', inventory: 2, variables: { ansible_host: '10.0.0.5' }, enabled: true, groups: ['web'], created: '', modified: '' };
const GROUP = { id: 6, type: 'group', url: '', name: 'web', description: '', inventory: 2, variables: {}, hosts: ['web1'], children: [], created: '', modified: '' };

function api(extra: (c: { method: string; path: string; body: unknown }) => [number, unknown] | undefined = () => undefined) {
  return fakeApi((c) => {
    const r = extra(c);
    if (r) return r;
    if (c.path === '/inventories/2') return [200, INV];
    if (c.path === '/inventories/2/hosts' && c.method === 'GET') return [200, page([HOST, { ...HOST, id: 8, name: 'web2', groups: [] }])];
    if (c.path === '/inventories/2/groups' && c.method === 'GET') return [200, page([GROUP])];
    if (c.path === '/inventories/2/access_list') return [200, page([])];
    return undefined;
  });
}

describe('inventory detail', () => {
  it('edits a host with variables as YAML, refusing invalid YAML before sending', async () => {
    const calls = api((c) => (c.path === '/hosts/5' && c.method === 'PATCH' ? [200, HOST] : undefined));
    renderAt(<InventoriesRoutes />, '/inventories/2', '/inventories/*');
    expect(await screen.findByRole('tab', { name: 'Hosts', selected: true })).toBeTruthy();
    await userEvent.click(await screen.findByRole('button', { name: 'Edit host web1' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Edit host web1' }));
    const vars = dialog.getByRole('textbox', { name: 'Variables' }) as HTMLTextAreaElement;
    expect(vars.value).toBe('ansible_host: 10.0.0.5\n');
    await userEvent.clear(vars);
    await userEvent.type(vars, 'port: : x');
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));
    expect(vars.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
    await userEvent.clear(vars);
    await userEvent.type(vars, 'ansible_port: 2222');
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ name: 'web1', description: '', variables: 'ansible_port: 2222', enabled: true });
  });

  it('adds a group with its hosts', async () => {
    const calls = api((c) => {
      if (c.path === '/inventories/2/groups' && c.method === 'POST') return [201, { ...GROUP, id: 9, name: 'db', hosts: [] }];
      if (c.path === '/groups/9/hosts') return [204, null];
      return undefined;
    });
    renderAt(<InventoriesRoutes />, '/inventories/2', '/inventories/*');
    await userEvent.click(await screen.findByRole('tab', { name: 'Groups' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Add group' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Add group' }));
    await userEvent.type(dialog.getByRole('textbox', { name: 'Name' }), 'db');
    await userEvent.click(await dialog.findByRole('checkbox', { name: 'web2' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const posts = calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body]);
    expect(posts).toEqual([
      ['/inventories/2/groups', { name: 'db', description: '', variables: '' }],
      ['/groups/9/hosts', { id: 8 }],
    ]);
  });

  it('imports INI text and shows what changed, or the API error beside the text', async () => {
    let fail = true;
    const calls = api((c) => {
      if (c.path !== '/inventories/2/import') return undefined;
      if (fail) return apiError('invalid inventory', { text: 'line 2: bad host pattern' });
      return [200, { hosts_created: 2, hosts_updated: 0, hosts_deleted: 0, groups_created: 1, groups_updated: 0, groups_deleted: 0, warnings: [] }];
    });
    renderAt(<InventoriesRoutes />, '/inventories/2', '/inventories/*');
    await userEvent.click(await screen.findByRole('tab', { name: 'Import' }));
    const text = screen.getByRole('textbox', { name: 'Inventory file' });
    await userEvent.type(text, '[[db]{enter}db1{enter}db2');
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(text.getAttribute('aria-invalid')).toBe('true'));
    expect(text.closest('.field')?.querySelector('[role=alert]')?.textContent).toBe('line 2: bad host pattern');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByText(/hosts 2 created/)).textContent).toContain('groups 1 created');
    expect(calls.filter((c) => c.path === '/inventories/2/import').at(-1)?.body).toEqual({ text: '[db]\ndb1\ndb2', format: 'auto', overwrite: false });
  });
});
