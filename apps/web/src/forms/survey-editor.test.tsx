// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiError, fakeApi, page, renderAt } from '../components/test-api';
import { TemplatesRoutes } from '../pages/templates';
import { draftsFromSpec, emptyQuestion, specFromDrafts, type QuestionDraft } from './survey-editor';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const q = (patch: Partial<QuestionDraft>): QuestionDraft => ({ ...emptyQuestion(), question_name: 'Q', variable: 'v', ...patch });

describe('specFromDrafts', () => {
  it('types defaults and keeps a stored password default as $encrypted$', () => {
    const { spec, errors } = specFromDrafts([
      q({ variable: 'n', type: 'integer', default: '3', min: '1', max: '5' }),
      q({ variable: 'f', type: 'float', default: '2.5' }),
      q({ variable: 'c', type: 'multiplechoice', choices: 'a\nb\n', default: 'b' }),
      q({ variable: 'm', type: 'multiselect', choices: 'a\nb\nc', default: 'a\nc' }),
      q({ variable: 'p', type: 'password', storedPassword: true }),
    ]);
    expect(errors).toEqual({});
    expect(spec?.spec.map((x) => x.default)).toEqual([3, 2.5, 'b', ['a', 'c'], '$encrypted$']);
    expect(spec?.spec[2]?.choices).toEqual(['a', 'b']);
    expect(spec?.spec[0]).toMatchObject({ min: 1, max: 5, type: 'integer', required: false });
  });

  it('reports problems under the keys the API uses', () => {
    const { errors } = specFromDrafts([
      q({ variable: 'x', type: 'integer', default: '1.5' }),
      q({ variable: 'x' }),
      q({ variable: '9bad', question_name: '' }),
      q({ variable: 'c', type: 'multiplechoice', choices: '' }),
      q({ variable: 'd', type: 'multiplechoice', choices: 'a', default: 'z' }),
      q({ variable: 'e', min: '5', max: '2' }),
      q({ variable: 'g', type: 'integer', min: '1', max: '3', default: '7' }),
    ]);
    expect(errors).toEqual({
      'survey_spec.spec.0.default': 'must be a whole number',
      'survey_spec.spec.1.variable': "'x' is used by another question",
      'survey_spec.spec.2.question_name': 'Question is required',
      'survey_spec.spec.2.variable': 'must start with a letter or _ and hold only letters, digits and _',
      'survey_spec.spec.3.choices': 'Choices are required for this type (one per line)',
      'survey_spec.spec.4.default': "'z' is not one of the choices",
      'survey_spec.spec.5.min': 'must not be greater than the maximum',
      'survey_spec.spec.6.default': 'must be between 1 and 3',
    });
  });

  it('round-trips a spec from the API and gives null for no questions', () => {
    const drafts = draftsFromSpec({ name: '', description: '', spec: [{ question_name: 'Pick', variable: 'pick', type: 'multiselect', required: true, choices: ['a', 'b'], default: ['b'] }] });
    expect(specFromDrafts(drafts).spec?.spec).toEqual([{ question_name: 'Pick', question_description: '', variable: 'pick', required: true, type: 'multiselect', choices: ['a', 'b'], default: ['b'] }]);
    expect(specFromDrafts([]).spec).toBeNull();
  });
});

const PROJECTS = [
  { id: 1, name: 'site', playbooks: ['site.yml', 'db.yml'] },
  { id: 2, name: 'empty', playbooks: [] },
];

describe('template form', () => {
  it('offers the chosen project playbooks, builds the survey, and shows API errors beside the question field', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/projects') return [200, page(PROJECTS)];
      if (c.path === '/projects/1') return [200, PROJECTS[0]];
      if (c.path === '/inventories') return [200, page([{ id: 3, name: 'prod' }])];
      if (c.path === '/credentials') return [200, page([])];
      if (c.path === '/job_templates' && c.method === 'POST') return apiError('invalid', { 'survey_spec.spec.0.variable': 'is reserved' });
      return undefined;
    });
    renderAt(<TemplatesRoutes />, '/templates/new', '/templates/*');
    await userEvent.type(await screen.findByRole('textbox', { name: 'Name' }), 'deploy');
    await screen.findByRole('option', { name: 'site' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Project' }), 'site');
    await screen.findByRole('option', { name: 'db.yml' });
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Playbook' }), 'db.yml');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Prompt for inventory on launch' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Check mode' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Extra variables' }), 'a: [[1');
    await userEvent.click(screen.getByRole('button', { name: 'Add question' }));
    const question = screen.getByRole('group', { name: 'Question 1' });
    await userEvent.type(within(question).getByRole('textbox', { name: 'Question' }), 'How many?');
    await userEvent.type(within(question).getByRole('textbox', { name: 'Answer variable name' }), 'count');
    await userEvent.selectOptions(within(question).getByRole('combobox', { name: 'Answer type' }), 'integer');
    await userEvent.type(within(question).getByRole('spinbutton', { name: 'Default answer' }), '4');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Enable survey' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const vars = screen.getByRole('textbox', { name: 'Extra variables' });
    expect(vars.getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await userEvent.clear(vars);
    await userEvent.type(vars, 'a: 1');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    const variable = within(question).getByRole('textbox', { name: 'Answer variable name' });
    await waitFor(() => expect(variable.getAttribute('aria-invalid')).toBe('true'));
    expect(variable.closest('.field')?.querySelector('[role=alert]')?.textContent).toBe('is reserved');
    const body = calls.find((c) => c.method === 'POST')?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'deploy', project: 1, playbook: 'db.yml', job_type: 'check', extra_vars: 'a: 1', ask_inventory_on_launch: true, ask_limit_on_launch: false, survey_enabled: true,
      survey_spec: { name: '', description: '', spec: [{ question_name: 'How many?', variable: 'count', type: 'integer', required: false, default: 4, min: null, max: null }] },
    });
    expect('inventory' in body).toBe(false);
  });
});
