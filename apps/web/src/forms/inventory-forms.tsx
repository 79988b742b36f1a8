/** Host and group dialogs (name, description, variables as YAML; group membership) and the inventory import form. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Page } from '../api/client';
import { Dialog } from '../components/dialog';
import { describeError, fieldErrorsOf, unclaimed } from '../components/errors';
import { CheckboxField, FormErrors, SelectField, TextField } from '../components/field';
import { FormActions } from '../components/form-actions';
import { requireText } from '../components/form-page';
import { NameFields } from '../components/named-fields';
import type { Group, Host } from '../components/resource-types';
import { useFetch } from '../components/use-fetch';
import { useSubmit } from '../components/use-submit';
import { toYaml, YamlField, yamlError } from '../components/yaml-field';

interface ItemFields {
  name: string;
  description: string;
  variables: string;
}

interface ItemDialogProps {
  title: string;
  initial?: { name: string; description: string; variables: Record<string, unknown> };
  nameHint?: string;
  /** Request fields the dialog's own fields show, besides name, description and variables. */
  fields?: readonly string[];
  onClose(): void;
  /** Saves: the name, description and variables as sent, plus the dialog's own state. */
  send(common: ItemFields): Promise<void>;
  /** The dialog's own fields, given the field errors. */
  children?(errors: Record<string, string>): ReactNode;
}

/** A host or group dialog: name, description, variables as YAML, what the caller adds, Save and Cancel. */
function ItemDialog({ title, initial, nameHint, fields = [], onClose, send, children }: ItemDialogProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [variables, setVariables] = useState(toYaml(initial?.variables));
  const s = useSubmit();
  function submit(e: FormEvent) {
    e.preventDefault();
    void s.submit(
      () => {
        const errs: Record<string, string> = {};
        requireText(errs, 'name', name, 'Name');
        const ve = yamlError(variables);
        if (ve) errs['variables'] = ve;
        return errs;
      },
      () => send({ name: name.trim(), description, variables }),
    );
  }
  return (
    <Dialog title={title} onClose={onClose} wide>
      <form onSubmit={submit} noValidate className="form">
        <NameFields name={name} onName={setName} description={description} onDescription={setDescription} errors={s.errors} nameHint={nameHint} />
        <YamlField label="Variables" name="variables" value={variables} onChange={setVariables} error={s.errors['variables']} />
        {children?.(s.errors)}
        <FormErrors message={s.message} fields={unclaimed(s.errors, ['name', 'description', 'variables', ...fields])} />
        <FormActions busy={s.busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

export function HostDialog({ inventory, host, onClose, onSaved }: { inventory: number; host?: Host; onClose(): void; onSaved(): void }) {
  const [enabled, setEnabled] = useState(host?.enabled ?? true);
  async function send(common: ItemFields) {
    const body = { ...common, enabled };
    if (host) await api.patch(`/hosts/${host.id}`, body);
    else await api.post(`/inventories/${inventory}/hosts`, body);
    onSaved();
  }
  return (
    <ItemDialog title={host ? `Edit host ${host.name}` : 'Add host'} initial={host} nameHint="Host name or address" fields={['enabled']} onClose={onClose} send={send}>
      {(errors) => <CheckboxField label="Enabled" name="enabled" checked={enabled} onChange={setEnabled} error={errors['enabled']} />}
    </ItemDialog>
  );
}

interface Named {
  id: number;
  name: string;
}

function Checklist({ legend, items, selected, onToggle }: { legend: string; items: Named[]; selected: Set<string>; onToggle(name: string, on: boolean): void }) {
  if (items.length === 0) return null;
  return (
    <fieldset className="group checklist">
      <legend>{legend}</legend>
      {items.map((i) => (
        <CheckboxField key={i.id} label={i.name} checked={selected.has(i.name)} onChange={(on) => onToggle(i.name, on)} />
      ))}
    </fieldset>
  );
}

/** Adds or removes the members (hosts or child groups) of group `groupId` whose membership changed. */
async function updateMembers(groupId: number, relation: 'hosts' | 'children', all: readonly Named[], before: readonly string[], after: Set<string>): Promise<void> {
  const was = new Set(before);
  for (const m of all) {
    if (after.has(m.name) !== was.has(m.name)) await api.post(`/groups/${groupId}/${relation}`, after.has(m.name) ? { id: m.id } : { id: m.id, disassociate: true });
  }
}

export function GroupDialog({ inventory, group, onClose, onSaved }: { inventory: number; group?: Group; onClose(): void; onSaved(): void }) {
  const [hosts, setHosts] = useState(() => new Set(group?.hosts ?? []));
  const [children, setChildren] = useState(() => new Set(group?.children ?? []));
  const allHosts = useFetch<Page<Host>>(`/inventories/${inventory}/hosts`, { page_size: 200, order_by: 'name' });
  const allGroups = useFetch<Page<Group>>(`/inventories/${inventory}/groups`, { page_size: 200, order_by: 'name' });
  const toggle = (set: Set<string>, update: (s: Set<string>) => void) => (n: string, on: boolean) => {
    const next = new Set(set);
    if (on) next.add(n);
    else next.delete(n);
    update(next);
  };
  async function send(body: ItemFields) {
    const saved = group ? await api.patch<Group>(`/groups/${group.id}`, body) : await api.post<Group>(`/inventories/${inventory}/groups`, body);
    await updateMembers(saved.id, 'hosts', allHosts.data?.results ?? [], group?.hosts ?? [], hosts);
    await updateMembers(saved.id, 'children', allGroups.data?.results ?? [], group?.children ?? [], children);
    onSaved();
  }
  const otherGroups = (allGroups.data?.results ?? []).filter((g) => g.id !== group?.id);
  return (
    <ItemDialog title={group ? `Edit group ${group.name}` : 'Add group'} initial={group} onClose={onClose} send={send}>
      {() => (
        <>
          <Checklist legend="Hosts in this group" items={allHosts.data?.results ?? []} selected={hosts} onToggle={toggle(hosts, setHosts)} />
          <Checklist legend="Child groups" items={otherGroups} selected={children} onToggle={toggle(children, setChildren)} />
        </>
      )}
    </ItemDialog>
  );
}

interface ImportResult {
  hosts_created: number;
  hosts_updated: number;
  hosts_deleted: number;
  groups_created: number;
  groups_updated: number;
  groups_deleted: number;
  warnings: string[];
}

const FORMATS = [
  { value: 'auto', label: 'Detect (YAML or INI)' },
  { value: 'ini', label: 'INI' },
  { value: 'yaml', label: 'YAML' },
];

/** POST /inventories/:id/import with INI or YAML text. */
export function ImportForm({ inventory, onImported }: { inventory: number; onImported(): void }) {
  const [text, setText] = useState('');
  const [format, setFormat] = useState('auto');
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | undefined>(undefined);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    setMessage(undefined);
    if (!text.trim()) {
      setErrors({ text: 'Paste the inventory file here' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setResult(await api.post<ImportResult>(`/inventories/${inventory}/import`, { text, format, overwrite }));
      onImported();
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form" aria-label="Import inventory">
      <TextField
        label="Inventory file"
        name="text"
        multiline
        monospace
        rows={12}
        value={text}
        onChange={setText}
        error={errors['text']}
        required
        hint="INI or YAML, as ansible reads it."
        placeholder={'[web]\nweb1 ansible_host=10.0.0.5\n\n[web:vars]\nhttp_port=80'}
      />
      <SelectField label="Format" name="format" value={format} onChange={setFormat} options={FORMATS} error={errors['format']} />
      <CheckboxField label="Overwrite" name="overwrite" checked={overwrite} onChange={setOverwrite} hint="Delete hosts and groups missing from the text, and replace variables." error={errors['overwrite']} />
      <FormErrors message={message} fields={unclaimed(errors, ['text', 'format', 'overwrite'])} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Import
        </button>
      </div>
      {result ? (
        <div role="status" className="import-result">
          <p>
            Imported: hosts {result.hosts_created} created, {result.hosts_updated} updated, {result.hosts_deleted} deleted; groups {result.groups_created} created, {result.groups_updated} updated,{' '}
            {result.groups_deleted} deleted.
          </p>
          {result.warnings.length ? (
            <ul>
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
