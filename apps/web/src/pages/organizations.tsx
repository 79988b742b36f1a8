/** Organizations: list, create, edit, delete, their teams and who has access. */
import { useState } from 'react';
import { DetailPage } from '../components/detail-page';
import { FormPage, requireText, useResourceForm } from '../components/form-page';
import { ListPage, namedColumns } from '../components/list-page';
import { ListTable } from '../components/list-table';
import { NameFields } from '../components/named-fields';
import { ORGANIZATIONS, TEAMS } from '../components/resource-kinds';
import { ResourceRoutes } from '../components/resource-routes';
import type { Organization, Team } from '../components/resource-types';

export function OrganizationsRoutes() {
  return (
    <ResourceRoutes<Organization>
      kind={ORGANIZATIONS}
      list={<OrganizationsList />}
      form={(o) => <OrganizationForm initial={o} />}
      detail={(o) => <OrganizationDetail org={o} />}
    />
  );
}

function OrganizationsList() {
  return <ListPage<Organization> kind={ORGANIZATIONS} createScope="superuser" columns={namedColumns(ORGANIZATIONS.route)} />;
}

function OrganizationForm({ initial }: { initial?: Organization }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const s = useResourceForm(ORGANIZATIONS, initial);
  return (
    <FormPage
      form={s}
      fields={['name', 'description']}
      validate={(e) => {
        requireText(e, 'name', name, 'Name');
      }}
      send={() => s.save({ name: name.trim(), description })}
    >
      <NameFields name={name} onName={setName} description={description} onDescription={setDescription} errors={s.errors} />
    </FormPage>
  );
}

function OrganizationDetail({ org: o }: { org: Organization }) {
  return (
    <DetailPage kind={ORGANIZATIONS} obj={o} access="organization" facts={[['Description', o.description]]}>
      <section className="panel" aria-labelledby="org-teams">
        <h2 id="org-teams">Teams</h2>
        <ListTable<Team> path="/teams" label="Teams" query={{ organization: o.id }} defaultOrder="name" searchable={false} columns={namedColumns(TEAMS.route)} />
      </section>
    </DetailPage>
  );
}
