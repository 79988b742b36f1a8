/**
 * Credentials (Machine, Source Control). Secret inputs are write-only: the API answers "$encrypted$"
 * for a stored secret, which the form never puts in an input; leaving a secret empty keeps the stored
 * value (the key is left out of the PATCH, which merges inputs key by key), typing replaces it,
 * "Remove stored value" sends null.
 */
import { useState, type ReactNode } from 'react';
import { DetailPage } from '../components/detail-page';
import { CheckboxField, SelectField, TextField } from '../components/field';
import { FormPage, requireText, useResourceForm } from '../components/form-page';
import { ListPage, nameColumn } from '../components/list-page';
import { NameFields, OrganizationField } from '../components/named-fields';
import { CREDENTIALS } from '../components/resource-kinds';
import { ResourceLink } from '../components/resource-link';
import { ResourceRoutes } from '../components/resource-routes';
import type { Credential, CredentialKind } from '../components/resource-types';

export const ENCRYPTED = '$encrypted$';
const ASK = 'ASK';

interface InputSpec {
  key: string;
  label: string;
  secret?: boolean;
  askable?: boolean;
  multiline?: boolean;
  choices?: readonly string[];
}

const BECOME_METHODS = ['', 'sudo', 'su', 'pbrun', 'pfexec', 'doas', 'dzdo', 'ksu', 'runas', 'machinectl'] as const;

export const KIND_INPUTS: Readonly<Record<CredentialKind, readonly InputSpec[]>> = {
  machine: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true, askable: true },
    { key: 'ssh_key_data', label: 'SSH private key', secret: true, multiline: true },
    { key: 'ssh_key_unlock', label: 'Private key passphrase', secret: true, askable: true },
    { key: 'become_method', label: 'Privilege escalation method', choices: BECOME_METHODS },
    { key: 'become_username', label: 'Privilege escalation username' },
    { key: 'become_password', label: 'Privilege escalation password', secret: true, askable: true },
  ],
  source_control: [
    { key: 'username', label: 'Username' },
    { key: 'password', label: 'Password', secret: true },
    { key: 'token', label: 'Token', secret: true },
    { key: 'ssh_key_data', label: 'SSH private key', secret: true, multiline: true },
    { key: 'ssh_key_unlock', label: 'Private key passphrase', secret: true },
  ],
};

const KINDS = [
  { value: 'machine', label: 'Machine' },
  { value: 'source_control', label: 'Source control' },
];

export function kindLabel(k: CredentialKind): string {
  return k === 'machine' ? 'Machine' : 'Source control';
}

export function CredentialsRoutes() {
  return <ResourceRoutes<Credential> kind={CREDENTIALS} list={<CredentialsList />} form={(c) => <CredentialForm initial={c} />} detail={(c) => <CredentialDetail credential={c} />} />;
}

function CredentialsList() {
  return (
    <ListPage<Credential>
      kind={CREDENTIALS}
      columns={[
        nameColumn(CREDENTIALS.route),
        { header: 'Type', sort: 'kind', render: (c) => kindLabel(c.kind) },
        { header: 'Description', render: (c) => c.description },
      ]}
    />
  );
}

interface InputState {
  value: string;
  /** A secret is stored on the server ("$encrypted$") */
  stored: boolean;
  remove: boolean;
  ask: boolean;
}

function initialInputs(c: Credential | undefined): Record<string, InputState> {
  const out: Record<string, InputState> = {};
  for (const kind of ['machine', 'source_control'] as const)
    for (const f of KIND_INPUTS[kind]) {
      const v = c?.kind === kind ? c.inputs[f.key] : undefined;
      out[`${kind}.${f.key}`] = {
        value: v === undefined || v === ENCRYPTED || v === ASK ? '' : v,
        stored: v === ENCRYPTED,
        remove: false,
        ask: v === ASK,
      };
    }
  return out;
}

/** The `inputs` to send: only what changes on edit; never "$encrypted$" back. */
export function inputsToSend(kind: CredentialKind, state: Record<string, InputState>, previous: Record<string, string> | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of KIND_INPUTS[kind]) {
    const s = state[`${kind}.${f.key}`]!;
    const had = previous?.[f.key] !== undefined;
    if (f.askable && s.ask) out[f.key] = ASK;
    else if (f.secret) {
      if (s.value !== '') out[f.key] = s.value;
      else if (had && (s.remove || previous?.[f.key] === ASK)) out[f.key] = null;
    } else if (s.value !== '') out[f.key] = s.value;
    else if (had) out[f.key] = null;
  }
  return out;
}

function CredentialForm({ initial }: { initial?: Credential }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [organization, setOrganization] = useState<number | null>(initial?.organization ?? null);
  const [kind, setKind] = useState<CredentialKind>(initial?.kind ?? 'machine');
  const [inputs, setInputs] = useState(() => initialInputs(initial));
  const s = useResourceForm(CREDENTIALS, initial);
  const set = (key: string, patch: Partial<InputState>) => setInputs((prev) => ({ ...prev, [`${kind}.${key}`]: { ...prev[`${kind}.${key}`]!, ...patch } }));

  return (
    <FormPage
      form={s}
      fields={['name', 'description', 'organization', 'kind', ...KIND_INPUTS[kind].map((f) => `inputs.${f.key}`)]}
      validate={(e) => {
        requireText(e, 'name', name, 'Name');
        if (!initial && organization === null) e['organization'] = 'Organization is required';
        const key = inputs[`${kind}.ssh_key_data`]!.value.trim();
        if (key && !/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]+-----END [A-Z0-9 ]*PRIVATE KEY-----$/.test(key)) e['inputs.ssh_key_data'] = 'is not a PEM or OpenSSH private key';
      }}
      send={() => s.save({ name: name.trim(), description, inputs: inputsToSend(kind, inputs, initial?.inputs) }, { organization, kind })}
    >
      <NameFields name={name} onName={setName} description={description} onDescription={setDescription} errors={s.errors} />
      <OrganizationField value={organization} onChange={setOrganization} error={s.errors['organization']} editing={Boolean(initial)} />
      <SelectField label="Credential type" name="kind" value={kind} onChange={(v) => setKind(v === 'source_control' ? 'source_control' : 'machine')} options={KINDS} error={s.errors['kind']} disabled={Boolean(initial)} required />
      <fieldset className="group">
        <legend>Type details</legend>
        {KIND_INPUTS[kind].map((f) => {
          const st = inputs[`${kind}.${f.key}`]!;
          const error = s.errors[`inputs.${f.key}`];
          if (f.choices)
            return (
              <SelectField
                key={f.key}
                label={f.label}
                value={st.value}
                onChange={(v) => set(f.key, { value: v })}
                options={f.choices.map((c) => ({ value: c, label: c || 'None' }))}
                error={error}
              />
            );
          if (!f.secret) return <TextField key={f.key} label={f.label} value={st.value} onChange={(v) => set(f.key, { value: v })} error={error} autoComplete="off" />;
          const hint = st.stored ? 'A value is stored. Leave empty to keep it; type to replace it.' : undefined;
          return (
            <div key={f.key} className="secret">
              <TextField
                label={f.label}
                type={f.multiline ? undefined : 'password'}
                multiline={f.multiline}
                monospace={f.multiline}
                rows={f.multiline ? 6 : undefined}
                value={st.value}
                onChange={(v) => set(f.key, { value: v })}
                error={error}
                disabled={st.ask || st.remove}
                placeholder={st.stored ? 'Stored (encrypted), unchanged' : undefined}
                hint={hint}
              />
              {f.askable ? <CheckboxField label={`Prompt for ${f.label.toLowerCase()} on launch`} checked={st.ask} onChange={(v) => set(f.key, { ask: v, value: '' })} /> : null}
              {st.stored ? <CheckboxField label={`Remove stored ${f.label.toLowerCase()}`} checked={st.remove} onChange={(v) => set(f.key, { remove: v, value: '' })} /> : null}
            </div>
          );
        })}
      </fieldset>
    </FormPage>
  );
}

function CredentialDetail({ credential: c }: { credential: Credential }) {
  return (
    <DetailPage
      kind={CREDENTIALS}
      obj={c}
      access="credential"
      facts={[
        ['Description', c.description],
        ['Organization', <ResourceLink to={`/organizations/${c.organization}`} related={c.summary_fields?.organization} />],
        ['Credential type', kindLabel(c.kind)],
        ...KIND_INPUTS[c.kind].map((f): [string, ReactNode] => {
          const v = c.inputs[f.key];
          if (v === undefined || v === '') return [f.label, ''];
          if (v === ASK) return [f.label, 'prompt on launch'];
          return [f.label, f.secret ? <span className="muted">stored (encrypted)</span> : v];
        }),
      ]}
    />
  );
}
