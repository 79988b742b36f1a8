// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeApi, page, renderAt } from '../components/test-api';
import { TemplatesRoutes } from './templates';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const JT = {
  id: 5, type: 'job_template', url: '', name: 'deploy', description: '', organization: 7, project: 1, playbook: 'site.yml', inventory: 3, credential: null, extra_vars: '',
  limit: '', job_tags: '', skip_tags: '', forks: 0, verbosity: 0, job_type: 'run', diff_mode: false, force_handlers: false, timeout: 0, allow_simultaneous: false,
  ask_variables_on_launch: false, ask_limit_on_launch: false, ask_tags_on_launch: false, ask_skip_tags_on_launch: false, ask_inventory_on_launch: false, ask_credential_on_launch: false,
  ask_job_type_on_launch: false, ask_verbosity_on_launch: false, ask_diff_mode_on_launch: false, ask_forks_on_launch: false, ask_timeout_on_launch: false, ask_force_handlers_on_launch: false,
  survey_enabled: true,
  survey_spec: { name: '', description: '', spec: [{ question_name: 'Token', variable: 'token', type: 'password', required: true, default: '$encrypted$' }] },
  created: '', modified: '',
};

describe('templates', () => {
  it('offers Launch only on templates the user may start', async () => {
    fakeApi((c) => {
      if (c.path === '/job_templates') return [200, page([{ ...JT, summary_fields: { user_capabilities: { edit: false, delete: false, start: true } } }, { ...JT, id: 6, name: 'audit', summary_fields: { user_capabilities: { edit: false, delete: false, start: false } } }])];
      if (c.path === '/projects/1') return [200, { id: 1, name: 'site' }];
      if (c.path === '/inventories/3') return [200, { id: 3, name: 'prod' }];
      return undefined;
    });
    renderAt(<TemplatesRoutes />, '/templates', '/templates/*');
    const table = await screen.findByRole('table', { name: 'Templates' });
    const deploy = (await within(table).findByRole('link', { name: 'deploy' })).closest('tr')!;
    const audit = within(table).getByRole('link', { name: 'audit' }).closest('tr')!;
    expect(within(deploy).getByRole('button', { name: 'Launch' })).toBeTruthy();
    expect(within(audit).queryByRole('button', { name: 'Launch' })).toBeNull();
    expect(await within(deploy).findByRole('link', { name: 'prod' })).toBeTruthy();
  });

  it('names projects and inventories from summary_fields without fetching them', async () => {
    const calls = fakeApi((c) => {
      const summary = { user_capabilities: { edit: true, delete: true, start: true }, organization: { id: 7, name: 'Ops' }, project: { id: 1, name: 'site' }, inventory: { id: 3, name: 'prod' }, credential: null };
      if (c.path === '/job_templates') return [200, page([{ ...JT, summary_fields: summary }])];
      if (c.path === '/job_templates/5') return [200, { ...JT, summary_fields: summary }];
      if (c.path === '/job_templates/5/access_list') return [200, page([])];
      return undefined;
    });
    renderAt(<TemplatesRoutes />, '/templates', '/templates/*');
    const table = await screen.findByRole('table', { name: 'Templates' });
    expect((await within(table).findByRole('link', { name: 'site' })).getAttribute('href')).toBe('/projects/1');
    expect(within(table).getByRole('link', { name: 'prod' }).getAttribute('href')).toBe('/inventories/3');
    await userEvent.click(within(table).getByRole('link', { name: 'deploy' }));
    expect(await screen.findByRole('heading', { name: 'deploy' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'site' }).getAttribute('href')).toBe('/projects/1');
    expect(calls.filter((c) => /^\/(projects|inventories|credentials|organizations)\/\d+$/.test(c.path))).toEqual([]);
  });

  it('keeps a stored survey password default without ever showing it', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/job_templates/5' && c.method === 'GET') return [200, JT];
      if (c.path === '/job_templates/5' && c.method === 'PATCH') return [200, JT];
      if (c.path === '/projects') return [200, page([{ id: 1, name: 'site', playbooks: ['site.yml'] }])];
      if (c.path === '/projects/1') return [200, { id: 1, name: 'site', playbooks: ['site.yml'] }];
      if (c.path === '/inventories') return [200, page([{ id: 3, name: 'prod' }])];
      if (c.path === '/credentials') return [200, page([])];
      return undefined;
    });
    renderAt(<TemplatesRoutes />, '/templates/5/edit', '/templates/*');
    const q = await screen.findByRole('group', { name: 'Question 1' });
    const def = within(q).getByLabelText('Default answer') as HTMLInputElement;
    expect(def.type).toBe('password');
    expect(def.value).toBe('');
    for (const el of document.querySelectorAll('input, textarea')) expect((el as HTMLInputElement).value).not.toContain('$encrypted$');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const body = calls.find((c) => c.method === 'PATCH')?.body as { survey_spec: { spec: Array<{ default?: unknown }> }; survey_enabled: boolean };
    expect(body.survey_spec.spec[0]?.default).toBe('$encrypted$');
    expect(body.survey_enabled).toBe(true);
  });
});
