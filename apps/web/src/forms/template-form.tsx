/** The job template form: what, where, as whom, options, prompt-on-launch flags and the survey. */
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { unclaimed } from '../components/errors';
import { CheckboxField, SelectField, TextField } from '../components/field';
import { FormPage, requireInt, requireText } from '../components/form-page';
import { ResourceSelect } from '../components/resource-select';
import type { AskFlag, JobTemplate, Project } from '../components/resource-types';
import { useFetch } from '../components/use-fetch';
import { useSubmit } from '../components/use-submit';
import { YamlField, yamlError } from '../components/yaml-field';
import { VERBOSITY } from '../launch/launch-dialog';
import { draftsFromSpec, specFromDrafts, SurveyEditor } from './survey-editor';

type Flags = Record<AskFlag, boolean>;

function noFlags(t?: JobTemplate): Flags {
  return {
    ask_variables_on_launch: t?.ask_variables_on_launch ?? false,
    ask_limit_on_launch: t?.ask_limit_on_launch ?? false,
    ask_tags_on_launch: t?.ask_tags_on_launch ?? false,
    ask_skip_tags_on_launch: t?.ask_skip_tags_on_launch ?? false,
    ask_inventory_on_launch: t?.ask_inventory_on_launch ?? false,
    ask_credential_on_launch: t?.ask_credential_on_launch ?? false,
    ask_job_type_on_launch: t?.ask_job_type_on_launch ?? false,
    ask_verbosity_on_launch: t?.ask_verbosity_on_launch ?? false,
    ask_diff_mode_on_launch: t?.ask_diff_mode_on_launch ?? false,
    ask_forks_on_launch: t?.ask_forks_on_launch ?? false,
    ask_timeout_on_launch: t?.ask_timeout_on_launch ?? false,
    ask_force_handlers_on_launch: t?.ask_force_handlers_on_launch ?? false,
  };
}

/** A field with its "Prompt for … on launch" checkbox beside it. */
function Prompted({ flag, what, flags, setFlag, error, children }: { flag: AskFlag; what: string; flags: Flags; setFlag(f: AskFlag, v: boolean): void; error?: string; children: ReactNode }) {
  return (
    <div className="prompted">
      {children}
      <CheckboxField label={`Prompt for ${what} on launch`} name={flag} checked={flags[flag]} onChange={(v) => setFlag(flag, v)} error={error} />
    </div>
  );
}

export function TemplateForm({ initial }: { initial?: JobTemplate }) {
  const navigate = useNavigate();
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
  const [flags, setFlags] = useState<Flags>(() => noFlags(initial));
  const [surveyEnabled, setSurveyEnabled] = useState(initial?.survey_enabled ?? false);
  const [questions, setQuestions] = useState(() => draftsFromSpec(initial?.survey_spec));
  const projectInfo = useFetch<Project>(project === null ? null : `/projects/${project}`);
  const s = useSubmit();
  const setFlag = (f: AskFlag, v: boolean) => setFlags((prev) => ({ ...prev, [f]: v }));

  const playbooks = project !== null && projectInfo.data?.id === project ? projectInfo.data.playbooks : [];
  const playbookOptions = [{ value: '', label: project === null ? 'Choose a project first' : 'Choose…' }, ...playbooks.map((p) => ({ value: p, label: p }))];
  if (playbook && !playbooks.includes(playbook)) playbookOptions.push({ value: playbook, label: playbook });

  const save = () =>
    s.submit(
      () => {
        const e: Record<string, string> = {};
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
        return e;
      },
      async () => {
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
        const saved = initial ? await api.patch<JobTemplate>(`/job_templates/${initial.id}`, body) : await api.post<JobTemplate>('/job_templates', body);
        navigate(`/templates/${saved.id}`);
      },
    );

  const known = ['name', 'description', 'project', 'playbook', 'inventory', 'credential', 'job_type', 'extra_vars', 'limit', 'job_tags', 'skip_tags', 'forks', 'verbosity', 'timeout', 'diff_mode', 'force_handlers', 'allow_simultaneous', 'survey_enabled', ...Object.keys(flags)];
  const surveyKeys = Object.keys(s.errors).filter((k) => /^survey_spec\.spec\.\d+\.(question_name|variable|question_description|type|choices|min|max|default|required)$/.test(k));

  return (
    <FormPage
      title={initial ? `Edit ${initial.name}` : 'New job template'}
      onSubmit={() => void save()}
      busy={s.busy}
      message={s.message}
      otherErrors={unclaimed(s.errors, [...known, ...surveyKeys])}
      cancelTo={initial ? `/templates/${initial.id}` : '/templates'}
    >
      <div className="grid-2">
        <TextField label="Name" name="name" value={name} onChange={setName} error={s.errors['name']} required />
        <TextField label="Description" name="description" value={description} onChange={setDescription} error={s.errors['description']} />
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
        <Prompted flag="ask_inventory_on_launch" what="inventory" flags={flags} setFlag={setFlag} error={s.errors['ask_inventory_on_launch']}>
          <ResourceSelect label="Inventory" name="inventory" path="/inventories" value={inventory} onChange={setInventory} error={s.errors['inventory']} emptyLabel="None" />
        </Prompted>
        <Prompted flag="ask_credential_on_launch" what="credential" flags={flags} setFlag={setFlag} error={s.errors['ask_credential_on_launch']}>
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
        <Prompted flag="ask_limit_on_launch" what="limit" flags={flags} setFlag={setFlag}>
          <TextField label="Limit" name="limit" value={limit} onChange={setLimit} error={s.errors['limit']} hint="Host pattern, e.g. web:&prod" />
        </Prompted>
        <Prompted flag="ask_job_type_on_launch" what="job type" flags={flags} setFlag={setFlag}>
          <CheckboxField label="Check mode" name="job_type" checked={check} onChange={setCheck} error={s.errors['job_type']} hint="Run in check mode (--check): report changes without making them." />
        </Prompted>
        <Prompted flag="ask_tags_on_launch" what="job tags" flags={flags} setFlag={setFlag}>
          <TextField label="Job tags" name="job_tags" value={jobTags} onChange={setJobTags} error={s.errors['job_tags']} hint="Comma-separated" />
        </Prompted>
        <Prompted flag="ask_skip_tags_on_launch" what="skip tags" flags={flags} setFlag={setFlag}>
          <TextField label="Skip tags" name="skip_tags" value={skipTags} onChange={setSkipTags} error={s.errors['skip_tags']} hint="Comma-separated" />
        </Prompted>
        <Prompted flag="ask_forks_on_launch" what="forks" flags={flags} setFlag={setFlag}>
          <TextField label="Forks" name="forks" type="number" min={0} max={200} value={forks} onChange={setForks} error={s.errors['forks']} hint="0 for the default (5)" />
        </Prompted>
        <Prompted flag="ask_verbosity_on_launch" what="verbosity" flags={flags} setFlag={setFlag}>
          <SelectField label="Verbosity" name="verbosity" value={verbosity} onChange={setVerbosity} options={VERBOSITY} error={s.errors['verbosity']} />
        </Prompted>
        <Prompted flag="ask_timeout_on_launch" what="timeout" flags={flags} setFlag={setFlag}>
          <TextField label="Timeout" name="timeout" type="number" min={0} max={604800} value={timeout} onChange={setTimeoutValue} error={s.errors['timeout']} hint="Seconds; 0 for none" />
        </Prompted>
        <Prompted flag="ask_diff_mode_on_launch" what="diff mode" flags={flags} setFlag={setFlag}>
          <CheckboxField label="Diff mode" name="diff_mode" checked={diff} onChange={setDiff} error={s.errors['diff_mode']} hint="Show the changes made (--diff)." />
        </Prompted>
        <Prompted flag="ask_force_handlers_on_launch" what="force handlers" flags={flags} setFlag={setFlag}>
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
      <Prompted flag="ask_variables_on_launch" what="extra variables" flags={flags} setFlag={setFlag}>
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
