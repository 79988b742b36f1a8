// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { forgetCreateRights } from '../auth/can-create';
import { ALICE, apiError, fakeApi, page, renderAt } from '../components/test-api';
import { ProjectsRoutes } from './projects';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  forgetCreateRights();
});

const ORG = { id: 7, name: 'Ops', description: '' };
const PROJECT = {
  id: 3, type: 'project', url: '/api/v1/projects/3', name: 'site', description: '', organization: 7, scm_type: 'git', scm_url: 'https://git.example/site.git',
  scm_branch: 'main', local_path: '', credential: null, scm_revision: '', last_sync: null, last_sync_status: null, last_sync_error: '', playbooks: [], created: '', modified: '',
};

/** The text of the element(s) an input's aria-describedby names. */
function describedBy(el: HTMLElement): string {
  return (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
}

describe('project form', () => {
  it('checks required fields before sending, then shows the API field error beside its field', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/organizations') return [200, page([ORG])];
      if (c.path === '/credentials') return [200, page([])];
      if (c.path === '/projects' && c.method === 'POST') return apiError('invalid body: scm_url', { scm_url: 'is not a git URL' });
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/new', '/projects/*');
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(name)).toBe('Name is required');
    expect(describedBy(screen.getByRole('combobox', { name: 'Organization' }))).toBe('Organization is required');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await userEvent.type(name, 'site');
    await screen.findByRole('option', { name: 'Ops' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Organization' }), 'Ops');
    await userEvent.type(screen.getByRole('textbox', { name: 'Source control URL' }), 'nonsense');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(describedBy(screen.getByRole('textbox', { name: 'Source control URL' }))).toContain('must be an http(s)://');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.clear(screen.getByRole('textbox', { name: 'Source control URL' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Source control URL' }), 'https://git.example/private.git');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const url = screen.getByRole('textbox', { name: 'Source control URL' });
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    expect(describedBy(url)).toContain('is not a git URL');
    expect(within(url.closest('.field') as HTMLElement).getByRole('alert').textContent).toBe('is not a git URL');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({ name: 'site', description: '', scm_url: 'https://git.example/private.git', scm_branch: '', credential: null, organization: 7, scm_type: 'git' });
  });

  it('asks for a local path instead of a URL for local projects', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/organizations') return [200, page([ORG])];
      if (c.path === '/credentials') return [200, page([])];
      if (c.path === '/projects' && c.method === 'POST') return [201, { ...PROJECT, id: 9, scm_type: 'local', local_path: 'demo' }];
      if (c.path === '/projects/9') return [200, { ...PROJECT, id: 9, scm_type: 'local', local_path: 'demo' }];
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/new', '/projects/*');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'demo');
    await screen.findByRole('option', { name: 'Ops' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Organization' }), 'Ops');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Source control type' }), 'Local directory');
    expect(screen.queryByRole('textbox', { name: 'Source control URL' })).toBeNull();
    await userEvent.type(screen.getByRole('textbox', { name: 'Local path' }), 'demo');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('note', { name: 'Location' }).textContent).toBe('/projects/9'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'demo', description: '', local_path: 'demo', organization: 7, scm_type: 'local' });
  });
});

describe('project edit', () => {
  it('does not send back a URL whose credentials the API masked', async () => {
    const masked = { ...PROJECT, scm_url: 'https://***@git.example/site.git' };
    const calls = fakeApi((c) => {
      if (c.path === '/projects/3' && c.method === 'GET') return [200, masked];
      if (c.path === '/projects/3' && c.method === 'PATCH') return [200, masked];
      if (c.path === '/projects/3/access_list') return [200, page([])];
      if (c.path === '/organizations') return [200, page([ORG])];
      if (c.path === '/credentials') return [200, page([])];
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/3/edit', '/projects/*');
    const branch = await screen.findByRole('textbox', { name: 'Branch' });
    await userEvent.clear(branch);
    await userEvent.type(branch, 'release-2');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ name: 'site', description: '', scm_branch: 'release-2', credential: null });
  });
});

describe('project detail', () => {
  it('syncs and shows the new sync status', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/projects/3') return [200, PROJECT];
      if (c.path === '/projects/3/sync') return [200, { ...PROJECT, last_sync_status: 'successful', scm_revision: 'abc123', playbooks: ['site.yml'] }];
      if (c.path === '/projects/3/access_list') return [200, page([])];
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/3', '/projects/*');
    expect(await screen.findByText('never synced')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Sync' }));
    expect(await screen.findByText('successful')).toBeTruthy();
    expect(screen.getByText('site.yml')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual(['/projects/3/sync']);
  });

  it('names the organization from summary_fields, and fetches it only when an answer leaves them out (Sync)', async () => {
    const named = { ...PROJECT, summary_fields: { user_capabilities: { edit: true, delete: true, use: true, update: true }, organization: { id: 7, name: 'Ops' }, scm_credential: null } };
    const calls = fakeApi((c) => {
      if (c.path === '/projects/3') return [200, named];
      if (c.path === '/projects/3/sync') return [200, { ...PROJECT, last_sync_status: 'successful' }];
      if (c.path === '/projects/3/access_list') return [200, page([])];
      if (c.path === '/organizations/7') return [200, ORG];
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/3', '/projects/*');
    expect((await screen.findByRole('link', { name: 'Ops' })).getAttribute('href')).toBe('/organizations/7');
    expect(calls.some((c) => c.path === '/organizations/7')).toBe(false);
    await userEvent.click(screen.getByRole('button', { name: 'Sync' }));
    expect(await screen.findByText('successful')).toBeTruthy();
    await waitFor(() => expect(calls.filter((c) => c.path === '/organizations/7')).toHaveLength(1));
    expect(screen.getByRole('link', { name: 'Ops' })).toBeTruthy();
  });

  it('hides Edit, Delete and Sync when user_capabilities say no, and shows them to a superuser without capabilities', async () => {
    fakeApi((c) => {
      if (c.path === '/projects/3') return [200, { ...PROJECT, summary_fields: { user_capabilities: { edit: false, delete: false, use: true, update: false } } }];
      if (c.path === '/projects/3/access_list') return [200, page([])];
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/3', '/projects/*');
    await screen.findByRole('heading', { name: 'site' });
    expect(screen.queryByRole('button', { name: 'Edit' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync' })).toBeNull();
    cleanup();

    fakeApi((c) => {
      if (c.path === '/projects/3') return [200, PROJECT];
      if (c.path === '/projects/3/access_list') return [200, page([])];
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/3', '/projects/*');
    await screen.findByRole('heading', { name: 'site' });
    expect(screen.getByRole('button', { name: 'Edit' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeTruthy();
  });

  it('offers nothing to a plain user when the API sends no capabilities, and hides Add from non-admins', async () => {
    fakeApi((c) => {
      if (c.path === '/projects') return [200, page([PROJECT])];
      if (c.path === '/users/2/roles') return [200, page([])];
      return undefined;
    }, ALICE);
    renderAt(<ProjectsRoutes />, '/projects', '/projects/*');
    await screen.findByRole('link', { name: 'site' });
    expect(screen.queryByRole('button', { name: 'Sync' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add' })).toBeNull();
  });

  it('shows Add to an organization admin', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/projects') return [200, page([])];
      if (c.path === '/users/2/roles') return [200, page([{ id: 1, role: 'admin', resource_type: 'organization', resource_id: 7, resource_name: 'Ops', user: 2, team: null }])];
      return undefined;
    }, ALICE);
    renderAt(<ProjectsRoutes />, '/projects', '/projects/*');
    expect(await screen.findByRole('button', { name: 'Add' })).toBeTruthy();
    const q = calls.find((c) => c.path === '/users/2/roles')?.query;
    expect(q?.get('resource_type')).toBe('organization');
    expect(q?.get('role')).toBe('admin');
  });
});

describe('delete', () => {
  it('asks for confirmation in a dialog before deleting', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/projects/3' && c.method === 'GET') return [200, PROJECT];
      if (c.path === '/projects/3' && c.method === 'DELETE') return [204, null];
      if (c.path === '/projects/3/access_list') return [200, page([])];
      if (c.path === '/projects') return [200, page([])];
      return undefined;
    });
    renderAt(<ProjectsRoutes />, '/projects/3', '/projects/*');
    await userEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Delete project site?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    dialog = screen.getByRole('alertdialog', { name: 'Delete project site?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByRole('note', { name: 'Location' }).textContent).toBe('/projects'));
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/projects/3']);
  });
});
