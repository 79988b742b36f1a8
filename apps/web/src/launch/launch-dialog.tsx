/**
 * Launching a job template. "Launch" asks GET /job_templates/:id/launch what the template prompts for;
 * if nothing, it launches at once. Otherwise the dialog asks exactly for the prompted fields, the survey
 * and any credential passwords, checks them, POSTs /job_templates/:id/launch with only those fields, and
 * on 201 opens /jobs/<id>; a 400 shows each named field error beside its input.
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { Dialog } from '../components/dialog';
import { describeError, fieldErrorsOf, unclaimed, type FieldErrors } from '../components/errors';
import { CheckboxField, FormErrors, SelectField, TextField } from '../components/field';
import { FormActions } from '../components/form-actions';
import { ResourceSelect } from '../components/resource-select';
import { useAction } from '../components/use-action';
import type { SurveyQuestion } from '../components/resource-types';
import { parseYamlMapping, YamlField } from '../components/yaml-field';
import { needsInput, PASSWORD_LABELS, surveyQuestions, type LaunchInfo } from './launch-info';
import { checkAnswer, initialAnswer, type Answer } from './survey-answers';

export const VERBOSITY = [
  { value: '0', label: '0 (Normal)' },
  { value: '1', label: '1 (Verbose)' },
  { value: '2', label: '2 (More verbose)' },
  { value: '3', label: '3 (Debug)' },
  { value: '4', label: '4 (Connection debug)' },
  { value: '5', label: '5 (WinRM debug)' },
];

interface LaunchedJob {
  id: number;
  job?: number;
}

/** The "Launch" button of a template (list row or detail page). */
export function LaunchButton({ templateId, templateName }: { templateId: number; templateName: string }) {
  const navigate = useNavigate();
  const [info, setInfo] = useState<LaunchInfo | null>(null);
  const { busy, error, run } = useAction();
  const start = () =>
    run(async () => {
      const i = await api.get<LaunchInfo>(`/job_templates/${templateId}/launch`);
      if (needsInput(i)) setInfo(i);
      else {
        const job = await api.post<LaunchedJob>(`/job_templates/${templateId}/launch`, {});
        navigate(`/jobs/${job.job ?? job.id}`);
      }
    });
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void start()}>
        Launch
      </button>
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
      {info ? <LaunchDialog templateId={templateId} templateName={templateName} info={info} onClose={() => setInfo(null)} /> : null}
    </>
  );
}

function SurveyInput({ q, value, onChange, error }: { q: SurveyQuestion; value: Answer; onChange(v: Answer): void; error?: string }) {
  const hint = [q.question_description, q.type === 'password' && q.default === '$encrypted$' ? 'Leave empty to use the stored default.' : ''].filter(Boolean).join(' ') || undefined;
  if (q.type === 'multiselect') {
    const selected = Array.isArray(value) ? value : [];
    return (
      <fieldset className={`group${error ? ' has-error' : ''}`} aria-describedby={error ? `sv-${q.variable}-error` : undefined}>
        <legend>{q.question_name}</legend>
        {hint ? <span className="hint">{hint}</span> : null}
        {(q.choices ?? []).map((c) => (
          <CheckboxField key={c} label={c} checked={selected.includes(c)} onChange={(on) => onChange(on ? [...selected, c] : selected.filter((x) => x !== c))} />
        ))}
        {error ? (
          <span role="alert" id={`sv-${q.variable}-error`} className="field-error">
            {error}
          </span>
        ) : null}
      </fieldset>
    );
  }
  const text = typeof value === 'string' ? value : '';
  if (q.type === 'multiplechoice')
    return (
      <SelectField
        label={q.question_name}
        value={text}
        onChange={onChange}
        options={[{ value: '', label: 'Choose…' }, ...(q.choices ?? []).map((c) => ({ value: c, label: c }))]}
        error={error}
        required={q.required}
        hint={hint}
      />
    );
  const numeric = q.type === 'integer' || q.type === 'float';
  return (
    <TextField
      label={q.question_name}
      value={text}
      onChange={onChange}
      type={q.type === 'password' ? 'password' : numeric ? 'number' : 'text'}
      step={q.type === 'float' ? 'any' : undefined}
      min={numeric && q.min != null ? q.min : undefined}
      max={numeric && q.max != null ? q.max : undefined}
      multiline={q.type === 'textarea'}
      error={error}
      required={q.required}
      hint={hint}
    />
  );
}

export function LaunchDialog({ templateId, templateName, info, onClose }: { templateId: number; templateName: string; info: LaunchInfo; onClose(): void }) {
  const navigate = useNavigate();
  const d = info.defaults;
  const questions = surveyQuestions(info);
  const [extraVars, setExtraVars] = useState(d.extra_vars);
  const [limit, setLimit] = useState(d.limit);
  const [jobTags, setJobTags] = useState(d.job_tags);
  const [skipTags, setSkipTags] = useState(d.skip_tags);
  const [inventory, setInventory] = useState<number | null>(d.inventory?.id ?? null);
  const [credential, setCredential] = useState<number | null>(d.credential?.id ?? null);
  const [check, setCheck] = useState(d.job_type === 'check');
  const [verbosity, setVerbosity] = useState(String(d.verbosity));
  const [forks, setForks] = useState(String(d.forks));
  const [timeout, setTimeoutValue] = useState(String(d.timeout));
  const [diff, setDiff] = useState(d.diff_mode);
  const [forceHandlers, setForceHandlers] = useState(d.force_handlers);
  const [passwords, setPasswords] = useState<Record<string, string>>({});
  const [answers, setAnswers] = useState<Record<string, Answer>>(() => Object.fromEntries(questions.map((q) => [q.variable, initialAnswer(q)])));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const shown = [
    'extra_vars', 'limit', 'job_tags', 'skip_tags', 'inventory', 'credential', 'job_type', 'verbosity', 'forks', 'timeout', 'diff_mode', 'force_handlers',
    ...questions.map((q) => `extra_vars.${q.variable}`),
    ...info.passwords_needed_to_start.map((p) => `credential_passwords.${p}`),
  ];

  function build(): { body: Record<string, unknown>; errors: FieldErrors } {
    const errs: FieldErrors = {};
    const body: Record<string, unknown> = {};
    let vars: Record<string, unknown> = {};
    if (info.ask_variables_on_launch) {
      const parsed = parseYamlMapping(extraVars);
      if (parsed.ok) vars = { ...parsed.value };
      else errs['extra_vars'] = parsed.error;
    }
    for (const q of questions) {
      const r = checkAnswer(q, answers[q.variable] ?? '');
      if (!r.ok) errs[`extra_vars.${q.variable}`] = r.error;
      else if (r.value !== undefined) vars[q.variable] = r.value;
    }
    if (info.ask_variables_on_launch || Object.keys(vars).length) body['extra_vars'] = vars;
    if (info.ask_limit_on_launch) body['limit'] = limit;
    if (info.ask_tags_on_launch) body['job_tags'] = jobTags;
    if (info.ask_skip_tags_on_launch) body['skip_tags'] = skipTags;
    if (info.ask_inventory_on_launch || info.inventory_needed_to_start) {
      if (inventory === null) errs['inventory'] = 'Choose an inventory';
      else body['inventory'] = inventory;
    }
    if (info.ask_credential_on_launch) body['credential'] = credential;
    if (info.ask_job_type_on_launch) body['job_type'] = check ? 'check' : 'run';
    if (info.ask_verbosity_on_launch) body['verbosity'] = Number(verbosity);
    const int = (field: string, raw: string, max: number) => {
      if (!/^\d+$/.test(raw.trim()) || Number(raw) > max) errs[field] = `must be a whole number from 0 to ${max}`;
      else body[field] = Number(raw);
    };
    if (info.ask_forks_on_launch) int('forks', forks, 200);
    if (info.ask_timeout_on_launch) int('timeout', timeout, 604800);
    if (info.ask_diff_mode_on_launch) body['diff_mode'] = diff;
    if (info.ask_force_handlers_on_launch) body['force_handlers'] = forceHandlers;
    if (info.passwords_needed_to_start.length) {
      const cp: Record<string, string> = {};
      for (const p of info.passwords_needed_to_start) {
        if (!passwords[p]) errs[`credential_passwords.${p}`] = 'is required';
        else cp[p] = passwords[p]!;
      }
      body['credential_passwords'] = cp;
    }
    return { body, errors: errs };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { body, errors: local } = build();
    setErrors(local);
    if (Object.keys(local).length) {
      setMessage('Some answers need attention.');
      return;
    }
    setMessage(undefined);
    setBusy(true);
    try {
      const job = await api.post<LaunchedJob>(`/job_templates/${templateId}/launch`, body);
      navigate(`/jobs/${job.job ?? job.id}`);
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage(describeError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Launch ${templateName}`} onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        {info.ask_inventory_on_launch || info.inventory_needed_to_start ? (
          <ResourceSelect label="Inventory" path="/inventories" value={inventory} onChange={setInventory} error={errors['inventory']} required />
        ) : null}
        {info.ask_credential_on_launch ? (
          <ResourceSelect label="Credential" path="/credentials" query={{ kind: 'machine' }} value={credential} onChange={setCredential} error={errors['credential']} emptyLabel="None" />
        ) : null}
        {info.ask_limit_on_launch ? <TextField label="Limit" value={limit} onChange={setLimit} error={errors['limit']} hint="Host pattern, e.g. web:&prod" /> : null}
        {info.ask_tags_on_launch ? <TextField label="Job tags" value={jobTags} onChange={setJobTags} error={errors['job_tags']} hint="Comma-separated" /> : null}
        {info.ask_skip_tags_on_launch ? <TextField label="Skip tags" value={skipTags} onChange={setSkipTags} error={errors['skip_tags']} hint="Comma-separated" /> : null}
        {info.ask_job_type_on_launch ? <CheckboxField label="Check mode" checked={check} onChange={setCheck} error={errors['job_type']} hint="Report what would change without changing it." /> : null}
        {info.ask_verbosity_on_launch ? <SelectField label="Verbosity" value={verbosity} onChange={setVerbosity} options={VERBOSITY} error={errors['verbosity']} /> : null}
        {info.ask_forks_on_launch ? <TextField label="Forks" type="number" min={0} max={200} value={forks} onChange={setForks} error={errors['forks']} /> : null}
        {info.ask_timeout_on_launch ? <TextField label="Timeout" type="number" min={0} value={timeout} onChange={setTimeoutValue} error={errors['timeout']} hint="Seconds; 0 for none." /> : null}
        {info.ask_diff_mode_on_launch ? <CheckboxField label="Diff mode" checked={diff} onChange={setDiff} error={errors['diff_mode']} /> : null}
        {info.ask_force_handlers_on_launch ? <CheckboxField label="Force handlers" checked={forceHandlers} onChange={setForceHandlers} error={errors['force_handlers']} /> : null}
        {info.ask_variables_on_launch ? <YamlField label="Extra variables" value={extraVars} onChange={setExtraVars} error={errors['extra_vars']} /> : null}
        {info.passwords_needed_to_start.map((p) => (
          <TextField
            key={p}
            label={PASSWORD_LABELS[p] ?? p}
            type="password"
            value={passwords[p] ?? ''}
            onChange={(v) => setPasswords((prev) => ({ ...prev, [p]: v }))}
            error={errors[`credential_passwords.${p}`]}
            required
          />
        ))}
        {questions.length ? (
          <fieldset className="group">
            <legend>Survey</legend>
            {questions.map((q) => (
              <SurveyInput key={q.variable} q={q} value={answers[q.variable] ?? ''} onChange={(v) => setAnswers((prev) => ({ ...prev, [q.variable]: v }))} error={errors[`extra_vars.${q.variable}`]} />
            ))}
          </fieldset>
        ) : null}
        <FormErrors message={message} fields={unclaimed(errors, shown)} />
        <FormActions busy={busy} submitLabel="Launch" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
