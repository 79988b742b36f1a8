// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, page, renderAt } from '../components/test-api';
import { CredentialsRoutes } from './credentials';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const SECRET_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
const CRED = {
  id: 4, type: 'credential', url: '/api/v1/credentials/4', name: 'deploy', description: '', organization: 7, kind: 'machine',
  inputs: { username: 'deploy', password: '$encrypted$', ssh_key_data: '$encrypted$', become_method: 'sudo' }, created: '', modified: '',
};

function routes(calls: { saved?: unknown }) {
  return fakeApi((c) => {
    if (c.path === '/credentials/4' && c.method === 'GET') return [200, CRED];
    if (c.path === '/credentials/4' && c.method === 'PATCH') {
      calls.saved = c.body;
      return [200, CRED];
    }
    if (c.path === '/organizations') return [200, page([{ id: 7, name: 'Ops', description: '' }])];
    if (c.path === '/credentials/4/access_list') return [200, page([])];
    return undefined;
  });
}

describe('credential secrets', () => {
  it('never shows a stored secret, and keeps it when the field is left empty', async () => {
    const box: { saved?: unknown } = {};
    routes(box);
    renderAt(<CredentialsRoutes />, '/credentials/4/edit', '/credentials/*');
    const password = await screen.findByLabelText('Password');
    expect(password.getAttribute('type')).toBe('password');
    expect((password as HTMLInputElement).value).toBe('');
    const key = screen.getByRole('textbox', { name: 'SSH private key' }) as HTMLTextAreaElement;
    expect(key.value).toBe('');
    for (const el of document.querySelectorAll('input, textarea')) expect((el as HTMLInputElement).value).not.toContain('$encrypted$');
    expect((screen.getByRole('textbox', { name: 'Username' }) as HTMLInputElement).value).toBe('deploy');

    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(box.saved).toBeDefined());
    expect(box.saved).toEqual({ name: 'deploy', description: '', inputs: { username: 'deploy', become_method: 'sudo' } });
  });

  it('sends a typed secret, and null for a removed one', async () => {
    const box: { saved?: unknown } = {};
    routes(box);
    renderAt(<CredentialsRoutes />, '/credentials/4/edit', '/credentials/*');
    await userEvent.type(await screen.findByLabelText('Password'), 'hunter2');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Remove stored ssh private key' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(box.saved).toBeDefined());
    expect(box.saved).toEqual({ name: 'deploy', description: '', inputs: { username: 'deploy', password: 'hunter2', ssh_key_data: null, become_method: 'sudo' } });
  });

  it('detail page says a secret is stored without showing it', async () => {
    routes({});
    renderAt(<CredentialsRoutes />, '/credentials/4', '/credentials/*');
    await screen.findByRole('heading', { name: 'deploy' });
    expect(document.body.textContent).not.toContain('$encrypted$');
    expect(screen.getAllByText('stored (encrypted)')).toHaveLength(2);
  });

  it('creates a machine credential with an SSH key and checks the key format first', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/organizations') return [200, page([{ id: 7, name: 'Ops', description: '' }])];
      if (c.path === '/credentials' && c.method === 'POST') return [201, { ...CRED, id: 5 }];
      if (c.path === '/credentials/5') return [200, { ...CRED, id: 5 }];
      if (c.path === '/credentials/5/access_list') return [200, page([])];
      return undefined;
    });
    renderAt(<CredentialsRoutes />, '/credentials/new', '/credentials/*');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'deploy');
    await screen.findByRole('option', { name: 'Ops' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Organization' }), 'Ops');
    await userEvent.type(screen.getByRole('textbox', { name: 'Username' }), 'deploy');
    const key = screen.getByRole('textbox', { name: 'SSH private key' });
    await userEvent.type(key, 'not a key');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(key.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.clear(key);
    await userEvent.click(key);
    await userEvent.paste(SECRET_KEY);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'deploy', description: '', organization: 7, kind: 'machine', inputs: { username: 'deploy', ssh_key_data: SECRET_KEY } });
  });
});
