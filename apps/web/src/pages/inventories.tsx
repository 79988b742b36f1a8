/**
 * Inventories: list, create, edit, delete; the detail page has tabs for hosts and groups (add, edit,
 * delete, variables as YAML), importing INI/YAML inventory text, and access.
 */
import { useState, type ReactNode } from 'react';
import { AccessPanel } from '../components/access-panel';
import { useCan } from '../components/capabilities';
import { DeleteButton } from '../components/confirm-dialog';
import { DetailPage } from '../components/detail-page';
import { FormPage, requireText, useResourceForm } from '../components/form-page';
import { ListPage, namedColumns } from '../components/list-page';
import { ListTable, type Column } from '../components/list-table';
import { NameFields, OrganizationField } from '../components/named-fields';
import { INVENTORIES } from '../components/resource-kinds';
import { ResourceLink } from '../components/resource-link';
import { ResourceRoutes } from '../components/resource-routes';
import type { Group, Host, Inventory } from '../components/resource-types';
import { Tabs } from '../components/tabs';
import { toYaml, YamlField, yamlError } from '../components/yaml-field';
import { GroupDialog, HostDialog, ImportForm } from '../forms/inventory-forms';

export function InventoriesRoutes() {
  return (
    <ResourceRoutes<Inventory>
      kind={INVENTORIES}
      list={<InventoriesList />}
      form={(i) => <InventoryForm initial={i} />}
      detail={(i, reload) => <InventoryDetail inventory={i} reload={reload} />}
    />
  );
}

function InventoriesList() {
  return (
    <ListPage<Inventory>
      kind={INVENTORIES}
      columns={[
        ...namedColumns<Inventory>(INVENTORIES.route),
        { header: 'Hosts', render: (i) => i.total_hosts, className: 'num' },
        { header: 'Groups', render: (i) => i.total_groups, className: 'num' },
      ]}
    />
  );
}

function InventoryForm({ initial }: { initial?: Inventory }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [organization, setOrganization] = useState<number | null>(initial?.organization ?? null);
  const [variables, setVariables] = useState(toYaml(initial?.variables));
  const s = useResourceForm(INVENTORIES, initial);
  return (
    <FormPage
      form={s}
      fields={['name', 'description', 'organization', 'variables']}
      validate={(e) => {
        requireText(e, 'name', name, 'Name');
        if (!initial && organization === null) e['organization'] = 'Organization is required';
        const ve = yamlError(variables);
        if (ve) e['variables'] = ve;
      }}
      send={() => s.save({ name: name.trim(), description, variables }, { organization })}
    >
      <NameFields name={name} onName={setName} description={description} onDescription={setDescription} errors={s.errors} />
      <OrganizationField value={organization} onChange={setOrganization} error={s.errors['organization']} editing={Boolean(initial)} />
      <YamlField label="Variables" name="variables" value={variables} onChange={setVariables} error={s.errors['variables']} />
    </FormPage>
  );
}

interface ItemsTabProps<T> {
  /** "host" or "group": names the buttons ("Add host", "Edit host web1") and the API paths (/inventories/:id/hosts, /hosts/:id). */
  noun: 'host' | 'group';
  inventory: Inventory;
  canEdit: boolean;
  columns: Array<Column<T>>;
  /** The add (no item) or edit dialog. */
  dialog(item: T | undefined, onClose: () => void, onSaved: () => void): ReactNode;
}

/** An inventory's hosts or groups, with Add, Edit and Delete for those who may edit the inventory. */
function ItemsTab<T extends { id: number; name: string }>({ noun, inventory, canEdit, columns, dialog }: ItemsTabProps<T>) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const plural = `${noun}s`;
  const done = () => {
    setEditing(null);
    setReloadKey((k) => k + 1);
  };
  return (
    <>
      {canEdit ? (
        <div className="toolbar">
          <button type="button" onClick={() => setEditing('new')}>
            Add {noun}
          </button>
        </div>
      ) : null}
      <ListTable<T>
        path={`/inventories/${inventory.id}/${plural}`}
        label={plural[0]!.toUpperCase() + plural.slice(1)}
        defaultOrder="name"
        reloadKey={reloadKey}
        empty={`No ${plural}.`}
        columns={columns}
        actions={
          canEdit
            ? (item) => (
                <>
                  <button type="button" className="link" aria-label={`Edit ${noun} ${item.name}`} onClick={() => setEditing(item)}>
                    Edit
                  </button>
                  <DeleteButton path={`/${plural}/${item.id}`} what={`${noun} ${item.name}`} ariaLabel={`Delete ${noun} ${item.name}`} onDeleted={done} />
                </>
              )
            : undefined
        }
      />
      {editing ? dialog(editing === 'new' ? undefined : editing, () => setEditing(null), done) : null}
    </>
  );
}

const HOST_COLUMNS: Array<Column<Host>> = [
  { header: 'Name', sort: 'name', render: (h) => h.name },
  { header: 'Description', render: (h) => h.description },
  { header: 'Groups', render: (h) => h.groups.join(', ') },
  { header: 'Enabled', sort: 'enabled', render: (h) => (h.enabled ? 'yes' : 'no') },
];

const GROUP_COLUMNS: Array<Column<Group>> = [
  { header: 'Name', sort: 'name', render: (g) => g.name },
  { header: 'Description', render: (g) => g.description },
  { header: 'Hosts', render: (g) => g.hosts.join(', '), className: 'wrap' },
  { header: 'Child groups', render: (g) => g.children.join(', ') },
];

function InventoryDetail({ inventory: inv, reload }: { inventory: Inventory; reload(): void }) {
  const [tab, setTab] = useState('hosts');
  const canEdit = useCan(inv)('edit');
  const tabProps = { inventory: inv, canEdit };
  return (
    <DetailPage
      kind={INVENTORIES}
      obj={inv}
      facts={[
        ['Description', inv.description],
        ['Organization', <ResourceLink to={`/organizations/${inv.organization}`} related={inv.summary_fields?.organization} />],
        ['Hosts', inv.total_hosts],
        ['Groups', inv.total_groups],
        ['Variables', Object.keys(inv.variables).length ? <pre className="code">{toYaml(inv.variables)}</pre> : ''],
      ]}
    >
      <Tabs
        label="Inventory"
        selected={tab}
        onSelect={setTab}
        tabs={[
          {
            id: 'hosts',
            label: 'Hosts',
            render: () => <ItemsTab<Host> key="hosts" noun="host" {...tabProps} columns={HOST_COLUMNS} dialog={(h, onClose, onSaved) => <HostDialog inventory={inv.id} host={h} onClose={onClose} onSaved={onSaved} />} />,
          },
          {
            id: 'groups',
            label: 'Groups',
            render: () => <ItemsTab<Group> key="groups" noun="group" {...tabProps} columns={GROUP_COLUMNS} dialog={(g, onClose, onSaved) => <GroupDialog inventory={inv.id} group={g} onClose={onClose} onSaved={onSaved} />} />,
          },
          ...(canEdit ? [{ id: 'import', label: 'Import', render: () => <ImportForm inventory={inv.id} onImported={reload} /> }] : []),
          { id: 'access', label: 'Access', render: () => <AccessPanel resourceType="inventory" resourceId={inv.id} canGrant={canEdit} /> },
        ]}
      />
    </DetailPage>
  );
}
