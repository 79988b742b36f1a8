// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, fakeApi, page, renderAt } from '../components/test-api';
import { LaunchButton } from './launch-dialog';
import type { LaunchInfo } from './launch-info';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const NOTHING: LaunchInfo = {
  can_start_without_user_input: true,
  ask_variables_on_launch: false,
  ask_limit_on_launch: false,
  ask_tags_on_launch: false,
  ask_skip_tags_on_launch: false,
  ask_inventory_on_launch: false,
  ask_credential_on_launch: false,
  ask_job_type_on_launch: false,
  ask_verbosity_on_launch: false,
  ask_diff_mode_on_launch: false,
  ask_forks_on_launch: false,
  ask_timeout_on_launch: false,
  ask_force_handlers_on_launch: false,
  survey_enabled: false,
  survey_spec: null,
  defaults: {
    extra_vars: '', limit: 'web', job_tags: '', skip_tags: '', inventory: { id: 1, name: 'prod' }, credential: null, job_type: 'run', verbosity: 0, diff_mode: false,
    forks: 0, timeout: 0, force_handlers: false,
  },
  variables_needed_to_start: [],
  passwords_needed_to_start: [],
  inventory_needed_to_start: false,
};

const SURVEY: LaunchInfo = {
  ...NOTHING,
  can_start_without_user_input: false,
  ask_limit_on_launch: true,
  survey_enabled: true,
  survey_spec: {
    name: '',
    description: '',
    spec: [
      { question_name: 'Release', variable: 'release', type: 'text', required: true, min: 2, max: 10 },
      { question_name: 'Replicas', variable: 'replicas', type: 'integer', required: false, min: 1, max: 5, default: 2 },
      { question_name: 'Region', variable: 'region', type: 'multiplechoice', required: true, choices: ['eu', 'us'] },
      { question_name: 'Features', variable: 'features', type: 'multiselect', required: false, choices: ['a', 'b', 'c'] },
      { question_name: 'Secret', variable: 'secret', type: 'password', required: true, default: '$encrypted$' },
    ],
  },
};

function api(info: LaunchInfo, launch: (body: unknown) => [number, unknown]) {
  return fakeApi((c) => {
    if (c.path === '/job_templates/5/launch' && c.method === 'GET') return [200, info];
    if (c.path === '/job_templates/5/launch' && c.method === 'POST') return launch(c.body);
    if (c.path === '/inventories') return [200, page([{ id: 1, name: 'prod' }, { id: 2, name: 'stage' }])];
    return undefined;
  });
}

describe('launch', () => {
  it('launches at once when the template prompts for nothing, then opens the job', async () => {
    const calls = api(NOTHING, () => [201, { id: 42, job: 42, status: 'pending' }]);
    renderAt(<LaunchButton templateId={5} templateName="deploy" />, '/templates');
    await userEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(screen.getByRole('note', { name: 'Location' }).textContent).toBe('/jobs/42'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({});
  });

  it('asks only for what is prompted, checks survey answers, and posts only those fields', async () => {
    const calls = api(SURVEY, () => [201, { id: 43, job: 43 }]);
    renderAt(<LaunchButton templateId={5} templateName="deploy" />, '/templates');
    await userEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    const dialog = await screen.findByRole('dialog', { name: 'Launch deploy' });
    const d = within(dialog);
    expect((d.getByRole('textbox', { name: 'Limit' }) as HTMLInputElement).value).toBe('web');
    for (const absent of ['Extra variables', 'Job tags', 'Skip tags', 'Forks', 'Timeout']) expect(d.queryByRole('textbox', { name: absent })).toBeNull();
    for (const absent of ['Inventory', 'Credential', 'Verbosity']) expect(d.queryByRole('combobox', { name: absent })).toBeNull();
    expect(d.queryByRole('checkbox', { name: 'Check mode' })).toBeNull();
    expect((d.getByRole('spinbutton', { name: 'Replicas' }) as HTMLInputElement).value).toBe('2');
    expect((d.getByLabelText('Secret') as HTMLInputElement).value).toBe('');

    // required and bounds are checked before anything is sent
    await userEvent.type(d.getByRole('textbox', { name: 'Release' }), 'x');
    await userEvent.clear(d.getByRole('spinbutton', { name: 'Replicas' }));
    await userEvent.type(d.getByRole('spinbutton', { name: 'Replicas' }), '9');
    await userEvent.click(d.getByRole('button', { name: 'Launch' }));
    const err = (name: string, role: 'textbox' | 'spinbutton' | 'combobox') => {
      const el = d.getByRole(role, { name });
      return document.getElementById((el.getAttribute('aria-describedby') ?? '').split(' ')[0]!)?.textContent;
    };
    expect(err('Release', 'textbox')).toBe('must be at least 2 characters');
    expect(err('Replicas', 'spinbutton')).toBe('must be between 1 and 5');
    expect(err('Region', 'combobox')).toBe('This answer is required');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await userEvent.type(d.getByRole('textbox', { name: 'Release' }), '1.2');
    await userEvent.clear(d.getByRole('spinbutton', { name: 'Replicas' }));
    await userEvent.type(d.getByRole('spinbutton', { name: 'Replicas' }), '3');
    await userEvent.selectOptions(d.getByRole('combobox', { name: 'Region' }), 'eu');
    await userEvent.click(d.getByRole('checkbox', { name: 'b' }));
    await userEvent.clear(d.getByRole('textbox', { name: 'Limit' }));
    await userEvent.type(d.getByRole('textbox', { name: 'Limit' }), 'db');
    await userEvent.click(d.getByRole('button', { name: 'Launch' }));
    await waitFor(() => expect(screen.getByRole('note', { name: 'Location' }).textContent).toBe('/jobs/43'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ limit: 'db', extra_vars: { release: 'x1.2', replicas: 3, region: 'eu', features: ['b'] } });
  });

  it('shows each field error of a refused launch beside its input', async () => {
    const info: LaunchInfo = { ...SURVEY, ask_variables_on_launch: true, ask_inventory_on_launch: true };
    api(info, () => apiError('the launch was rejected: limit, extra_vars.release, inventory', { limit: 'matches no host', 'extra_vars.release': 'is not a release we know', inventory: 'you need the use role on this inventory' }));
    renderAt(<LaunchButton templateId={5} templateName="deploy" />, '/templates');
    await userEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    const d = within(await screen.findByRole('dialog', { name: 'Launch deploy' }));
    await d.findByRole('option', { name: 'stage' });
    await userEvent.selectOptions(d.getByRole('combobox', { name: 'Inventory' }), 'stage');
    await userEvent.type(d.getByRole('textbox', { name: 'Release' }), 'v77');
    await userEvent.selectOptions(d.getByRole('combobox', { name: 'Region' }), 'us');
    await userEvent.type(d.getByRole('textbox', { name: 'Extra variables' }), 'colour: blue');
    await userEvent.click(d.getByRole('button', { name: 'Launch' }));
    const alerts = await d.findAllByRole('alert');
    expect(alerts.length).toBeGreaterThan(1);
    const beside = (el: HTMLElement) => el.closest('.field')?.querySelector('[role=alert]')?.textContent;
    expect(beside(d.getByRole('textbox', { name: 'Limit' }))).toBe('matches no host');
    expect(beside(d.getByRole('textbox', { name: 'Release' }))).toBe('is not a release we know');
    expect(beside(d.getByRole('combobox', { name: 'Inventory' }))).toBe('you need the use role on this inventory');
    expect(d.getByRole('textbox', { name: 'Limit' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('note', { name: 'Location' }).textContent).toBe('/templates');
  });

  it('refuses extra variables that are not a YAML mapping', async () => {
    const calls = api({ ...NOTHING, can_start_without_user_input: false, ask_variables_on_launch: true }, () => [201, { id: 1 }]);
    renderAt(<LaunchButton templateId={5} templateName="deploy" />, '/templates');
    await userEvent.click(await screen.findByRole('button', { name: 'Launch' }));
    const d = within(await screen.findByRole('dialog', { name: 'Launch deploy' }));
    await userEvent.type(d.getByRole('textbox', { name: 'Extra variables' }), '- just a list');
    await userEvent.click(d.getByRole('button', { name: 'Launch' }));
    expect(d.getByRole('textbox', { name: 'Extra variables' }).getAttribute('aria-invalid')).toBe('true');
    expect(d.getByText('must be a mapping of variable names to values')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
