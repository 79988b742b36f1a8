/** Organizations: list, create, edit, delete, their teams and who has access. */
import { useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useSession } from '../auth/session';
import { useCanCreate } from '../auth/can-create';
import { AccessPanel } from '../components/access-panel';
import { can } from '../components/capabilities';
import { DeleteButton } from '../components/confirm-dialog';
import { unclaimed } from '../components/errors';
import { TextField } from '../components/field';
import { FormPage, requireText } from '../components/form-page';
import { ListTable } from '../components/list-table';
import { Loaded, useIdParam } from '../components/loaded';
import { Details, PageHeader } from '../components/page-header';
import type { Organization, Team } from '../components/resource-types';
import { useSubmit } from '../components/use-submit';

export function OrganizationsRoutes() {
  return (
    <Routes>
      <Route index element={<OrganizationsList />} />
      <Route path="new" element={<OrganizationForm />} />
      <Route path=":id" element={<OrganizationDetail />} />
      <Route path=":id/edit" element={<OrganizationEdit />} />
    </Routes>
  );
}

function OrganizationsList() {
  const navigate = useNavigate();
  const canAdd = useCanCreate('superuser');
  return (
    <>
      <PageHeader title="Organizations">
        {canAdd ? (
          <button type="button" onClick={() => navigate('/organizations/new')}>
            Add
          </button>
        ) : null}
      </PageHeader>
      <ListTable<Organization>
        path="/organizations"
        label="Organizations"
        defaultOrder="name"
        columns={[
          { header: 'Name', sort: 'name', render: (o) => <Link to={`/organizations/${o.id}`}>{o.name}</Link> },
          { header: 'Description', render: (o) => o.description },
        ]}
      />
    </>
  );
}

function OrganizationForm({ initial }: { initial?: Organization }) {
  const navigate = useNavigate();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const s = useSubmit();
  const save = () =>
    s.submit(
      () => {
        const e: Record<string, string> = {};
        requireText(e, 'name', name, 'Name');
        return e;
      },
      async () => {
        const body = { name: name.trim(), description };
        const saved = initial ? await api.patch<Organization>(`/organizations/${initial.id}`, body) : await api.post<Organization>('/organizations', body);
        navigate(`/organizations/${saved.id}`);
      },
    );
  return (
    <FormPage
      title={initial ? `Edit ${initial.name}` : 'New organization'}
      onSubmit={() => void save()}
      busy={s.busy}
      message={s.message}
      otherErrors={unclaimed(s.errors, ['name', 'description'])}
      cancelTo={initial ? `/organizations/${initial.id}` : '/organizations'}
    >
      <TextField label="Name" name="name" value={name} onChange={setName} error={s.errors['name']} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} error={s.errors['description']} />
    </FormPage>
  );
}

function OrganizationEdit() {
  const id = useIdParam();
  return <Loaded<Organization> path={`/organizations/${id}`}>{(o) => <OrganizationForm initial={o} />}</Loaded>;
}

function OrganizationDetail() {
  const id = useIdParam();
  const navigate = useNavigate();
  const { user } = useSession();
  return (
    <Loaded<Organization> path={`/organizations/${id}`}>
      {(o) => (
        <>
          <PageHeader title={o.name} back={<Link to="/organizations">Organizations</Link>}>
            {can(o, 'edit', user) ? (
              <button type="button" onClick={() => navigate(`/organizations/${o.id}/edit`)}>
                Edit
              </button>
            ) : null}
            {can(o, 'delete', user) ? <DeleteButton path={`/organizations/${o.id}`} what={`organization ${o.name}`} onDeleted={() => navigate('/organizations')} /> : null}
          </PageHeader>
          <Details items={[['Description', o.description]]} />
          <section className="panel" aria-labelledby="org-teams">
            <h2 id="org-teams">Teams</h2>
            <ListTable<Team>
              path="/teams"
              label="Teams"
              query={{ organization: o.id }}
              defaultOrder="name"
              searchable={false}
              columns={[
                { header: 'Name', sort: 'name', render: (t) => <Link to={`/teams/${t.id}`}>{t.name}</Link> },
                { header: 'Description', render: (t) => t.description },
              ]}
            />
          </section>
          <AccessPanel resourceType="organization" resourceId={o.id} canGrant={can(o, 'edit', user)} />
        </>
      )}
    </Loaded>
  );
}
