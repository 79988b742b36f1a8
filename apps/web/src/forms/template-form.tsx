/** The job template form: what, where, as whom, options, prompt-on-launch flags and the survey. */
import { useState, type ReactNode } from 'react';
import type { FieldErrors } from '../components/errors';
import { CheckboxField, SelectField, TextField } from '../components/field';
import { FormPage, requireInt, requireText, useResourceForm } from '../components/form-page';
import { NameFields } from '../components/named-fields';
import { TEMPLATES } from '../components/resource-kinds';
import { ResourceSelect } from '../components/resource-select';
import { ASK_FLAGS, ASK_LABELS, type AskFlag, type JobTemplate, type Project } from '../components/resource-types';
import { useFetch } from '../components/use-fetch';
import { YamlField, yamlError } from '../components/yaml-field';
import { VERBOSITY } from '../launch/launch-dialog';
import { draftsFromSpec, specFromDrafts, SurveyEditor } from './survey-editor';

type Flags = Record<AskFlag, boolean>;

function flagsOf(t?: JobTemplate): Flags {
  return Object.fromEntries(ASK_FLAGS.map((f) => [f, t?.[f] ?? false])) as Flags;
}

/** The prompt-on-launch flags and their setter. */
interface Asks {
  flags: Flags;
  setFlag(f: AskFlag, v: boolean): void;
}

/** A field with its "Prompt for … on launch" checkbox beside it. */
function Prompted({ flag, asks, error, children }: { flag: AskFlag; asks: Asks; error?: string; children: ReactNode }) {
  return (
    <div className="prompted">
      {children}
      <CheckboxField label={`Prompt for ${ASK_LABELS[flag]} on launch`} name={flag} checked={asks.flags[flag]} onChange={(v) => asks.setFlag(flag, v)} error={error} />
    </div>
  );
}

export function TemplateForm({ initial }: { initial?: JobTemplate }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [project, setProject] = useState<number | null>(initial?.project ?? null);
  const [playbook, setPlaybook] = useState(initial?.playbook ?? '');
  const [inventory, setInventory] = useState<number | null>(initial?.inventory ?? null);
  const [credential, setCredential] = useState<number | null>(initial?.credential ?? null);
  const [check, setCheck] = useState(initial?.job_type === 'check');
  const [extraVars, setExtraVars] = useState(initial?.extra_vars ?? '');
  const [limit, setLimit] = useState(initial?.limit ?? '');
  const [jobTags, setJobTags] = useState(initial?.job_tags ?? '');
  const [skipTags, setSkipTags] = useState(initial?.skip_tags ?? '');
  const [forks, setForks] = useState(String(initial?.forks ?? 0));
  const [verbosity, setVerbosity] = useState(String(initial?.verbosity ?? 0));
  const [timeout, setTimeoutValue] = useState(String(initial?.timeout ?? 0));
  const [diff, setDiff] = useState(initial?.diff_mode ?? false);
  const [forceHandlers, setForceHandlers] = useState(initial?.force_handlers ?? false);
  const [simultaneous, setSimultaneous] = useState(initial?.allow_simultaneous ?? false);
  const [flags, setFlags] = useState<Flags>(() => flagsOf(initial));
  const [surveyEnabled, setSurveyEnabled] = useState(initial?.survey_enabled ?? false);
  const [questions, setQuestions] = useState(() => draftsFromSpec(initial?.survey_spec));
  const projectInfo = useFetch<Project>(project === null ? null : `/projects/${project}`);
  const s = useResourceForm(TEMPLATES, initial);
  const asks: Asks = { flags, setFlag: (f, v) => setFlags((prev) => ({ ...prev, [f]: v })) };

  const playbooks = project !== null && projectInfo.data?.id === project ? projectInfo.data.playbooks : [];
  const playbookOptions = [{ value: '', label: project === null ? 'Choose a project first' : 'Choose…' }, ...playbooks.map((p) => ({ value: p, label: p }))];
  if (playbook && !playbooks.includes(playbook)) playbookOptions.push({ value: playbook, label: playbook });

  const validate = (e: FieldErrors) => {
    requireText(e, 'name', name, 'Name');
    if (project === null) e['project'] = 'Project is required';
    requireText(e, 'playbook', playbook, 'Playbook');
    if (inventory === null && !flags.ask_inventory_on_launch) e['inventory'] = 'Choose an inventory or prompt for it on launch';
    const ve = yamlError(extraVars);
    if (ve) e['extra_vars'] = ve;
    requireInt(e, 'forks', forks, 0, 200);
    requireInt(e, 'timeout', timeout, 0, 604800);
    const survey = specFromDrafts(questions);
    Object.assign(e, survey.errors);
    if (surveyEnabled && !survey.spec) e['survey_enabled'] = 'Add at least one question to enable the survey';
  };
  const send = () => {
    const survey = specFromDrafts(questions).spec;
    const body: Record<string, unknown> = {
      name: name.trim(),
      description,
      project,
      playbook,
      inventory,
      credential,
      job_type: check ? 'check' : 'run',
      extra_vars: extraVars,
      limit,
      job_tags: jobTags,
      skip_tags: skipTags,
      forks: Number(forks),
      verbosity: Number(verbosity),
      timeout: Number(timeout),
      diff_mode: diff,
      force_handlers: forceHandlers,
      allow_simultaneous: simultaneous,
      ...flags,
      survey_enabled: surveyEnabled && survey !== null,
      survey_spec: survey,
    };
    if (!initial) {
      // a new template: leave out what the schema treats as "not set"
      if (inventory === null) delete body['inventory'];
      if (credential === null) delete body['credential'];
      if (survey === null) delete body['survey_spec'];
    } else if (survey === null && initial.survey_spec === null) delete body['survey_spec'];
    return s.save(body);
  };

  const known = ['name', 'description', 'project', 'playbook', 'inventory', 'credential', 'job_type', 'extra_vars', 'limit', 'job_tags', 'skip_tags', 'forks', 'verbosity', 'timeout', 'diff_mode', 'force_handlers', 'allow_simultaneous', 'survey_enabled', ...Object.keys(flags)];
  const surveyKeys = Object.keys(s.errors).filter((k) => /^survey_spec\.spec\.\d+\.(question_name|variable|question_description|type|choices|min|max|default|required)$/.test(k));

  return (
    <FormPage
      newTitle="New job template"
      form={s}
      fields={[...known, ...surveyKeys]}
      validate={validate}
      send={send}
    >
      <div className="grid-2">
        <NameFields name={name} onName={setName} description={description} onDescription={setDescription} errors={s.errors} />
        <ResourceSelect
          label="Project"
          name="project"
          path="/projects"
          value={project}
          onChange={(v) => {
            setProject(v);
            setPlaybook('');
          }}
          error={s.errors['project']}
          required
        />
        <SelectField
          label="Playbook"
          name="playbook"
          value={playbook}
          onChange={setPlaybook}
          options={playbookOptions}
          error={s.errors['playbook']}
          required
          disabled={project === null}
          hint={project !== null && projectInfo.data && playbooks.length === 0 ? 'The project has no playbooks yet: sync it first.' : undefined}
        />
        <Prompted flag="ask_inventory_on_launch" asks={asks} error={s.errors['ask_inventory_on_launch']}>
          <ResourceSelect label="Inventory" name="inventory" path="/inventories" value={inventory} onChange={setInventory} error={s.errors['inventory']} emptyLabel="None" />
        </Prompted>
        <Prompted flag="ask_credential_on_launch" asks={asks} error={s.errors['ask_credential_on_launch']}>
          <ResourceSelect
            label="Credential"
            name="credential"
            path="/credentials"
            query={{ kind: 'machine' }}
            value={credential}
            onChange={setCredential}
            error={s.errors['credential']}
            emptyLabel="None"
            hint="A machine credential"
          />
        </Prompted>
        <Prompted flag="ask_limit_on_launch" asks={asks}>
          <TextField label="Limit" name="limit" value={limit} onChange={setLimit} error={s.errors['limit']} hint="Host pattern, e.g. web:&prod" />
        </Prompted>
        <Prompted flag="ask_job_type_on_launch" asks={asks}>
          <CheckboxField label="Check mode" name="job_type" checked={check} onChange={setCheck} error={s.errors['job_type']} hint="Run in check mode (--check): report changes without making them." />
        </Prompted>
        <Prompted flag="ask_tags_on_launch" asks={asks}>
          <TextField label="Job tags" name="job_tags" value={jobTags} onChange={setJobTags} error={s.errors['job_tags']} hint="Comma-separated" />
        </Prompted>
        <Prompted flag="ask_skip_tags_on_launch" asks={asks}>
          <TextField label="Skip tags" name="skip_tags" value={skipTags} onChange={setSkipTags} error={s.errors['skip_tags']} hint="Comma-separated" />
        </Prompted>
        <Prompted flag="ask_forks_on_launch" asks={asks}>
          <TextField label="Forks" name="forks" type="number" min={0} max={200} value={forks} onChange={setForks} error={s.errors['forks']} hint="0 for the default (5)" />
        </Prompted>
        <Prompted flag="ask_verbosity_on_launch" asks={asks}>
          <SelectField label="Verbosity" name="verbosity" value={verbosity} onChange={setVerbosity} options={VERBOSITY} error={s.errors['verbosity']} />
        </Prompted>
        <Prompted flag="ask_timeout_on_launch" asks={asks}>
          <TextField label="Timeout" name="timeout" type="number" min={0} max={604800} value={timeout} onChange={setTimeoutValue} error={s.errors['timeout']} hint="Seconds; 0 for none" />
        </Prompted>
        <Prompted flag="ask_diff_mode_on_launch" asks={asks}>
          <CheckboxField label="Diff mode" name="diff_mode" checked={diff} onChange={setDiff} error={s.errors['diff_mode']} hint="Show the changes made (--diff)." />
        </Prompted>
        <Prompted flag="ask_force_handlers_on_launch" asks={asks}>
          <CheckboxField label="Force handlers" name="force_handlers" checked={forceHandlers} onChange={setForceHandlers} error={s.errors['force_handlers']} hint="Run notified handlers even when a task fails." />
        </Prompted>
        <CheckboxField
          label="Allow simultaneous"
          name="allow_simultaneous"
          checked={simultaneous}
          onChange={setSimultaneous}
          error={s.errors['allow_simultaneous']}
          hint="Let several jobs of this template run at once."
        />
      </div>
      <Prompted flag="ask_variables_on_launch" asks={asks}>
        <YamlField label="Extra variables" name="extra_vars" value={extraVars} onChange={setExtraVars} error={s.errors['extra_vars']} />
      </Prompted>
      <fieldset className="group">
        <legend>Survey</legend>
        <CheckboxField label="Enable survey" name="survey_enabled" checked={surveyEnabled} onChange={setSurveyEnabled} error={s.errors['survey_enabled'] ?? s.errors['survey_spec']} />
        <SurveyEditor questions={questions} onChange={setQuestions} errors={s.errors} />
      </fieldset>
    </FormPage>
  );
}
