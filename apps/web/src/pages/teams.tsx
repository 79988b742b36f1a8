/** Teams: list, create, edit, delete, members, the team's roles and who may manage it. */
import { useState, type FormEvent } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useCanCreate } from '../auth/can-create';
import { useSession } from '../auth/session';
import { AccessPanel, RolesPanel } from '../components/access-panel';
import { can } from '../components/capabilities';
import { DeleteButton } from '../components/confirm-dialog';
import { describeError, unclaimed } from '../components/errors';
import { TextField } from '../components/field';
import { FormPage, requireText } from '../components/form-page';
import { ListTable } from '../components/list-table';
import { Loaded, useIdParam } from '../components/loaded';
import { ResourceLink } from '../components/resource-link';
import { Details, PageHeader } from '../components/page-header';
import { ResourceSelect } from '../components/resource-select';
import type { Team, User } from '../components/resource-types';
import { useSubmit } from '../components/use-submit';

export function TeamsRoutes() {
  return (
    <Routes>
      <Route index element={<TeamsList />} />
      <Route path="new" element={<TeamForm />} />
      <Route path=":id" element={<TeamDetail />} />
      <Route path=":id/edit" element={<TeamEdit />} />
    </Routes>
  );
}

function TeamsList() {
  const navigate = useNavigate();
  const canAdd = useCanCreate();
  return (
    <>
      <PageHeader title="Teams">
        {canAdd ? (
          <button type="button" onClick={() => navigate('/teams/new')}>
            Add
          </button>
        ) : null}
      </PageHeader>
      <ListTable<Team>
        path="/teams"
        label="Teams"
        defaultOrder="name"
        columns={[
          { header: 'Name', sort: 'name', render: (t) => <Link to={`/teams/${t.id}`}>{t.name}</Link> },
          { header: 'Description', render: (t) => t.description },
          { header: 'Organization', sort: 'organization', render: (t) => <ResourceLink apiPath={`/organizations/${t.organization}`} to={`/organizations/${t.organization}`} /> },
        ]}
      />
    </>
  );
}

function TeamForm({ initial }: { initial?: Team }) {
  const navigate = useNavigate();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [organization, setOrganization] = useState<number | null>(initial?.organization ?? null);
  const s = useSubmit();
  const save = () =>
    s.submit(
      () => {
        const e: Record<string, string> = {};
        requireText(e, 'name', name, 'Name');
        if (!initial && organization === null) e['organization'] = 'Organization is required';
        return e;
      },
      async () => {
        const saved = initial
          ? await api.patch<Team>(`/teams/${initial.id}`, { name: name.trim(), description })
          : await api.post<Team>('/teams', { name: name.trim(), description, organization });
        navigate(`/teams/${saved.id}`);
      },
    );
  return (
    <FormPage
      title={initial ? `Edit ${initial.name}` : 'New team'}
      onSubmit={() => void save()}
      busy={s.busy}
      message={s.message}
      otherErrors={unclaimed(s.errors, ['name', 'description', 'organization'])}
      cancelTo={initial ? `/teams/${initial.id}` : '/teams'}
    >
      <TextField label="Name" name="name" value={name} onChange={setName} error={s.errors['name']} required />
      <TextField label="Description" name="description" value={description} onChange={setDescription} error={s.errors['description']} />
      <ResourceSelect
        label="Organization"
        name="organization"
        path="/organizations"
        value={organization}
        onChange={setOrganization}
        error={s.errors['organization']}
        required
        disabled={Boolean(initial)}
        hint={initial ? 'A team cannot move to another organization.' : undefined}
      />
    </FormPage>
  );
}

function TeamEdit() {
  const id = useIdParam();
  return <Loaded<Team> path={`/teams/${id}`}>{(t) => <TeamForm initial={t} />}</Loaded>;
}

function Members({ team, canManage }: { team: Team; canManage: boolean }) {
  const [reloadKey, setReloadKey] = useState(0);
  const [user, setUser] = useState<number | null>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  async function change(userId: number, remove: boolean) {
    setError(undefined);
    try {
      await api.post(`/teams/${team.id}/members`, remove ? { user: userId, disassociate: true } : { user: userId });
      setReloadKey((k) => k + 1);
      if (!remove) setUser(null);
    } catch (e) {
      setError(describeError(e));
    }
  }
  function add(e: FormEvent) {
    e.preventDefault();
    if (user === null) setError('Choose a user.');
    else void change(user, false);
  }
  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <ListTable<User>
        path={`/teams/${team.id}/members`}
        label="Members"
        reloadKey={reloadKey}
        defaultOrder="username"
        empty="No members."
        columns={[
          { header: 'Username', sort: 'username', render: (u) => <Link to={`/users/${u.id}`}>{u.username}</Link> },
          { header: 'Name', render: (u) => `${u.first_name} ${u.last_name}`.trim() },
        ]}
        actions={
          canManage
            ? (u) => (
                <button type="button" className="link" aria-label={`Remove ${u.username}`} onClick={() => void change(u.id, true)}>
                  Remove
                </button>
              )
            : undefined
        }
      />
      {canManage ? (
        <form className="inline-form" onSubmit={add} aria-label="Add member" noValidate>
          <ResourceSelect label="User" path="/users" nameField="username" value={user} onChange={setUser} />
          <button type="submit">Add member</button>
        </form>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function TeamDetail() {
  const id = useIdParam();
  const navigate = useNavigate();
  const { user } = useSession();
  return (
    <Loaded<Team> path={`/teams/${id}`}>
      {(t) => (
        <>
          <PageHeader title={t.name} back={<Link to="/teams">Teams</Link>}>
            {can(t, 'edit', user) ? (
              <button type="button" onClick={() => navigate(`/teams/${t.id}/edit`)}>
                Edit
              </button>
            ) : null}
            {can(t, 'delete', user) ? <DeleteButton path={`/teams/${t.id}`} what={`team ${t.name}`} onDeleted={() => navigate('/teams')} /> : null}
          </PageHeader>
          <Details
            items={[
              ['Description', t.description],
              ['Organization', <ResourceLink apiPath={`/organizations/${t.organization}`} to={`/organizations/${t.organization}`} />],
            ]}
          />
          <Members team={t} canManage={can(t, 'edit', user)} />
          <RolesPanel grantee="team" granteeId={t.id} canGrant={can(t, 'edit', user)} />
          <AccessPanel resourceType="team" resourceId={t.id} canGrant={can(t, 'edit', user)} />
        </>
      )}
    </Loaded>
  );
}
