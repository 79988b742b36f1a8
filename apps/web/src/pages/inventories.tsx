/**
 * Inventories: list, create, edit, delete; the detail page has tabs for hosts and groups (add, edit,
 * delete, variables as YAML), importing INI/YAML inventory text, and access.
 */
import { useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useCanCreate } from '../auth/can-create';
import { useSession } from '../auth/session';
import { AccessPanel } from '../components/access-panel';
import { can } from '../components/capabilities';
import { DeleteButton } from '../components/confirm-dialog';
import { unclaimed } from '../components/errors';
import { TextField } from '../components/field';
import { FormPage, requireText } from '../components/form-page';
import { ListTable } from '../components/list-table';
import { Loaded, useIdParam } from '../components/loaded';
import { ResourceLink } from '../components/resource-link';
import { Details, PageHeader } from '../components/page-header';
import { ResourceSelect } from '../components/resource-select';
import type { Group, Host, Inventory } from '../components/resource-types';
import { Tabs } from '../components/tabs';
import { useSubmit } from '../components/use-submit';
import { toYaml, YamlField, yamlError } from '../components/yaml-field';
import { GroupDialog, HostDialog, ImportForm } from '../forms/inventory-forms';

export function InventoriesRoutes() {
  return (
    <Routes>
      <Route index element={<InventoriesList />} />
      <Route path="new" element={<InventoryForm />} />
      <Route path=":id" element={<InventoryDetail />} />
      <Route path=":id/edit" element={<InventoryEdit />} />
    </Routes>
  );
}

function InventoriesList() {
  const navigate = useNavigate();
  const canAdd = useCanCreate();
  return (
    <>
      <PageHeader title="Inventories">
        {canAdd ? (
          <button type="button" onClick={() => navigate('/inventories/new')}>
            Add
          </button>
        ) : null}
      </PageHeader>
      <ListTable<Inventory>
        path="/inventories"
        label="Inventories"
        defaultOrder="name"
        columns={[
          { header: 'Name', sort: 'name', render: (i) => <Link to={`/inventories/${i.id}`}>{i.name}</Link> },
          { header: 'Description', render: (i) => i.description },
          { header: 'Hosts', render: (i) => i.total_hosts, className: 'num' },
          { header: 'Groups', render: (i) => i.total_groups, className: 'num' },
        ]}
      />
    </>
  );
}

function InventoryForm({ initial }: { initial?: Inventory }) {
  const navigate = useNavigate();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [organization, setOrganization] = useState<number | null>(initial?.organization ?? null);
  const [variables, setVariables] = useState(toYaml(initial?.variables));
  const s = useSubmit();
  const save = () =>
    s.submit(
      () => {
        const e: Record<string, string> = {};
        requireText(e, 'name', name, 'Name');
        if (!initial && organization === null) e['organization'] = 'Organization is required';
        const ve = yamlError(variables);
        if (ve) e['variables'] = ve;
        return e;
      },
      async () => {
        const body = { name: name.trim(), description, variables };
        const saved = initial ? await api.patch<Inventory>(`/inventories/${initial.id}`, body) : await api.post<Inventory>('/inventories', { ...body, organization });
        navigate(`/inventories/${saved.id}`);
      },
    );
  return (
    <FormPage
      title={initial ? `Edit ${initial.name}` : 'New inventory'}
      onSubmit={() => void save()}
      busy={s.busy}
      message={s.message}
      otherErrors={unclaimed(s.errors, ['name', 'description', 'organization', 'variables'])}
      cancelTo={initial ? `/inventories/${initial.id}` : '/inventories'}
    >
      <TextField label="Name" name="name" value={name} onChange={setName} error={s.errors['name']} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} error={s.errors['description']} />
      <ResourceSelect label="Organization" name="organization" path="/organizations" value={organization} onChange={setOrganization} error={s.errors['organization']} required disabled={Boolean(initial)} />
      <YamlField label="Variables" name="variables" value={variables} onChange={setVariables} error={s.errors['variables']} />
    </FormPage>
  );
}

function InventoryEdit() {
  const id = useIdParam();
  return <Loaded<Inventory> path={`/inventories/${id}`}>{(i) => <InventoryForm initial={i} />}</Loaded>;
}

function HostsTab({ inventory, canEdit }: { inventory: Inventory; canEdit: boolean }) {
  const [editing, setEditing] = useState<Host | 'new' | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const done = () => {
    setEditing(null);
    setReloadKey((k) => k + 1);
  };
  return (
    <>
      {canEdit ? (
        <div className="toolbar">
          <button type="button" onClick={() => setEditing('new')}>
            Add host
          </button>
        </div>
      ) : null}
      <ListTable<Host>
        path={`/inventories/${inventory.id}/hosts`}
        label="Hosts"
        defaultOrder="name"
        reloadKey={reloadKey}
        empty="No hosts."
        columns={[
          { header: 'Name', sort: 'name', render: (h) => h.name },
          { header: 'Description', render: (h) => h.description },
          { header: 'Groups', render: (h) => h.groups.join(', ') },
          { header: 'Enabled', sort: 'enabled', render: (h) => (h.enabled ? 'yes' : 'no') },
        ]}
        actions={
          canEdit
            ? (h) => (
                <>
                  <button type="button" className="link" aria-label={`Edit host ${h.name}`} onClick={() => setEditing(h)}>
                    Edit
                  </button>
                  <DeleteButton path={`/hosts/${h.id}`} what={`host ${h.name}`} ariaLabel={`Delete host ${h.name}`} onDeleted={done} />
                </>
              )
            : undefined
        }
      />
      {editing ? <HostDialog inventory={inventory.id} host={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={done} /> : null}
    </>
  );
}

function GroupsTab({ inventory, canEdit }: { inventory: Inventory; canEdit: boolean }) {
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const done = () => {
    setEditing(null);
    setReloadKey((k) => k + 1);
  };
  return (
    <>
      {canEdit ? (
        <div className="toolbar">
          <button type="button" onClick={() => setEditing('new')}>
            Add group
          </button>
        </div>
      ) : null}
      <ListTable<Group>
        path={`/inventories/${inventory.id}/groups`}
        label="Groups"
        defaultOrder="name"
        reloadKey={reloadKey}
        empty="No groups."
        columns={[
          { header: 'Name', sort: 'name', render: (g) => g.name },
          { header: 'Description', render: (g) => g.description },
          { header: 'Hosts', render: (g) => g.hosts.join(', '), className: 'wrap' },
          { header: 'Child groups', render: (g) => g.children.join(', ') },
        ]}
        actions={
          canEdit
            ? (g) => (
                <>
                  <button type="button" className="link" aria-label={`Edit group ${g.name}`} onClick={() => setEditing(g)}>
                    Edit
                  </button>
                  <DeleteButton path={`/groups/${g.id}`} what={`group ${g.name}`} ariaLabel={`Delete group ${g.name}`} onDeleted={done} />
                </>
              )
            : undefined
        }
      />
      {editing ? <GroupDialog inventory={inventory.id} group={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} onSaved={done} /> : null}
    </>
  );
}

function InventoryView({ inventory: inv, reload }: { inventory: Inventory; reload(): void }) {
  const navigate = useNavigate();
  const { user } = useSession();
  const [tab, setTab] = useState('hosts');
  const canEdit = can(inv, 'edit', user);
  return (
    <>
      <PageHeader title={inv.name} back={<Link to="/inventories">Inventories</Link>}>
        {canEdit ? (
          <button type="button" onClick={() => navigate(`/inventories/${inv.id}/edit`)}>
            Edit
          </button>
        ) : null}
        {can(inv, 'delete', user) ? <DeleteButton path={`/inventories/${inv.id}`} what={`inventory ${inv.name}`} onDeleted={() => navigate('/inventories')} /> : null}
      </PageHeader>
      <Details
        items={[
          ['Description', inv.description],
          ['Organization', <ResourceLink apiPath={`/organizations/${inv.organization}`} to={`/organizations/${inv.organization}`} />],
          ['Hosts', inv.total_hosts],
          ['Groups', inv.total_groups],
          ['Variables', Object.keys(inv.variables).length ? <pre className="code">{toYaml(inv.variables)}</pre> : ''],
        ]}
      />
      <Tabs
        label="Inventory"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: 'hosts', label: 'Hosts', render: () => <HostsTab inventory={inv} canEdit={canEdit} /> },
          { id: 'groups', label: 'Groups', render: () => <GroupsTab inventory={inv} canEdit={canEdit} /> },
          ...(canEdit ? [{ id: 'import', label: 'Import', render: () => <ImportForm inventory={inv.id} onImported={reload} /> }] : []),
          { id: 'access', label: 'Access', render: () => <AccessPanel resourceType="inventory" resourceId={inv.id} canGrant={canEdit} /> },
        ]}
      />
    </>
  );
}

function InventoryDetail() {
  const id = useIdParam();
  return <Loaded<Inventory> path={`/inventories/${id}`}>{(i, reload) => <InventoryView inventory={i} reload={reload} />}</Loaded>;
}
