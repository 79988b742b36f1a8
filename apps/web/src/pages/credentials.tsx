/**
 * Credentials (Machine, Source Control). Secret inputs are write-only: the API answers "$encrypted$"
 * for a stored secret, which the form never puts in an input; leaving a secret empty keeps the stored
 * value (the key is left out of the PATCH, which merges inputs key by key), typing replaces it,
 * "Remove stored value" sends null.
 */
import { useState, type ReactNode } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useCanCreate } from '../auth/can-create';
import { useSession } from '../auth/session';
import { AccessPanel } from '../components/access-panel';
import { can } from '../components/capabilities';
import { DeleteButton } from '../components/confirm-dialog';
import { unclaimed } from '../components/errors';
import { CheckboxField, SelectField, TextField } from '../components/field';
import { FormPage, requireText } from '../components/form-page';
import { ListTable } from '../components/list-table';
import { Loaded, useIdParam } from '../components/loaded';
import { ResourceLink } from '../components/resource-link';
import { Details, PageHeader } from '../components/page-header';
import { ResourceSelect } from '../components/resource-select';
import type { Credential, CredentialKind } from '../components/resource-types';
import { useSubmit } from '../components/use-submit';

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
  return (
    <Routes>
      <Route index element={<CredentialsList />} />
      <Route path="new" element={<CredentialForm />} />
      <Route path=":id" element={<CredentialDetail />} />
      <Route path=":id/edit" element={<CredentialEdit />} />
    </Routes>
  );
}

function CredentialsList() {
  const navigate = useNavigate();
  const canAdd = useCanCreate();
  return (
    <>
      <PageHeader title="Credentials">
        {canAdd ? (
          <button type="button" onClick={() => navigate('/credentials/new')}>
            Add
          </button>
        ) : null}
      </PageHeader>
      <ListTable<Credential>
        path="/credentials"
        label="Credentials"
        defaultOrder="name"
        columns={[
          { header: 'Name', sort: 'name', render: (c) => <Link to={`/credentials/${c.id}`}>{c.name}</Link> },
          { header: 'Type', sort: 'kind', render: (c) => kindLabel(c.kind) },
          { header: 'Description', render: (c) => c.description },
        ]}
      />
    </>
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
  const navigate = useNavigate();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [organization, setOrganization] = useState<number | null>(initial?.organization ?? null);
  const [kind, setKind] = useState<CredentialKind>(initial?.kind ?? 'machine');
  const [inputs, setInputs] = useState(() => initialInputs(initial));
  const s = useSubmit();
  const set = (key: string, patch: Partial<InputState>) => setInputs((prev) => ({ ...prev, [`${kind}.${key}`]: { ...prev[`${kind}.${key}`]!, ...patch } }));

  const save = () =>
    s.submit(
      () => {
        const e: Record<string, string> = {};
        requireText(e, 'name', name, 'Name');
        if (!initial && organization === null) e['organization'] = 'Organization is required';
        const key = inputs[`${kind}.ssh_key_data`]!.value.trim();
        if (key && !/^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]+-----END [A-Z0-9 ]*PRIVATE KEY-----$/.test(key)) e['inputs.ssh_key_data'] = 'is not a PEM or OpenSSH private key';
        return e;
      },
      async () => {
        const body: Record<string, unknown> = { name: name.trim(), description, inputs: inputsToSend(kind, inputs, initial?.inputs) };
        const saved = initial
          ? await api.patch<Credential>(`/credentials/${initial.id}`, body)
          : await api.post<Credential>('/credentials', { ...body, organization, kind });
        navigate(`/credentials/${saved.id}`);
      },
    );

  return (
    <FormPage
      title={initial ? `Edit ${initial.name}` : 'New credential'}
      onSubmit={() => void save()}
      busy={s.busy}
      message={s.message}
      otherErrors={unclaimed(s.errors, ['name', 'description', 'organization', 'kind', ...KIND_INPUTS[kind].map((f) => `inputs.${f.key}`)])}
      cancelTo={initial ? `/credentials/${initial.id}` : '/credentials'}
    >
      <TextField label="Name" name="name" value={name} onChange={setName} error={s.errors['name']} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} error={s.errors['description']} />
      <ResourceSelect label="Organization" name="organization" path="/organizations" value={organization} onChange={setOrganization} error={s.errors['organization']} required disabled={Boolean(initial)} />
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

function CredentialEdit() {
  const id = useIdParam();
  return <Loaded<Credential> path={`/credentials/${id}`}>{(c) => <CredentialForm initial={c} />}</Loaded>;
}

function CredentialDetail() {
  const id = useIdParam();
  const navigate = useNavigate();
  const { user } = useSession();
  return (
    <Loaded<Credential> path={`/credentials/${id}`}>
      {(c) => (
        <>
          <PageHeader title={c.name} back={<Link to="/credentials">Credentials</Link>}>
            {can(c, 'edit', user) ? (
              <button type="button" onClick={() => navigate(`/credentials/${c.id}/edit`)}>
                Edit
              </button>
            ) : null}
            {can(c, 'delete', user) ? <DeleteButton path={`/credentials/${c.id}`} what={`credential ${c.name}`} onDeleted={() => navigate('/credentials')} /> : null}
          </PageHeader>
          <Details
            items={[
              ['Description', c.description],
              ['Organization', <ResourceLink apiPath={`/organizations/${c.organization}`} to={`/organizations/${c.organization}`} />],
              ['Credential type', kindLabel(c.kind)],
              ...KIND_INPUTS[c.kind].map((f): [string, ReactNode] => {
                const v = c.inputs[f.key];
                if (v === undefined || v === '') return [f.label, ''];
                if (v === ASK) return [f.label, 'prompt on launch'];
                return [f.label, f.secret ? <span className="muted">stored (encrypted)</span> : v];
              }),
            ]}
          />
          <AccessPanel resourceType="credential" resourceId={c.id} canGrant={can(c, 'edit', user)} />
        </>
      )}
    </Loaded>
  );
}
