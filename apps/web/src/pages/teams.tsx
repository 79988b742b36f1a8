/** Teams: list, create, edit, delete, members, the team's roles and who may manage it. */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { RolesPanel } from '../components/access-panel';
import { useCan } from '../components/capabilities';
import { DetailPage } from '../components/detail-page';
import { ErrorText } from '../components/error-text';
import { FormPage, requireText, useResourceForm } from '../components/form-page';
import { ListPage, namedColumns } from '../components/list-page';
import { ListTable } from '../components/list-table';
import { NameFields, OrganizationField } from '../components/named-fields';
import { TEAMS } from '../components/resource-kinds';
import { ResourceLink } from '../components/resource-link';
import { ResourceRoutes } from '../components/resource-routes';
import { ResourceSelect } from '../components/resource-select';
import type { Team, User } from '../components/resource-types';
import { useAction } from '../components/use-action';

export function TeamsRoutes() {
  return <ResourceRoutes<Team> kind={TEAMS} list={<TeamsList />} form={(t) => <TeamForm initial={t} />} detail={(t) => <TeamDetail team={t} />} />;
}

function OrganizationLink({ team: t }: { team: Team }) {
  return <ResourceLink to={`/organizations/${t.organization}`} related={t.summary_fields?.organization} />;
}

function TeamsList() {
  return (
    <ListPage<Team>
      kind={TEAMS}
      columns={[
        ...namedColumns<Team>(TEAMS.route),
        { header: 'Organization', sort: 'organization', render: (t) => <OrganizationLink team={t} /> },
      ]}
    />
  );
}

function TeamForm({ initial }: { initial?: Team }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [organization, setOrganization] = useState<number | null>(initial?.organization ?? null);
  const s = useResourceForm(TEAMS, initial);
  return (
    <FormPage
      form={s}
      fields={['name', 'description', 'organization']}
      validate={(e) => {
        requireText(e, 'name', name, 'Name');
        if (!initial && organization === null) e['organization'] = 'Organization is required';
      }}
      send={() => s.save({ name: name.trim(), description }, { organization })}
    >
      <NameFields name={name} onName={setName} description={description} onDescription={setDescription} errors={s.errors} />
      <OrganizationField value={organization} onChange={setOrganization} error={s.errors['organization']} editing={Boolean(initial)} hint={initial ? 'A team cannot move to another organization.' : undefined} />
    </FormPage>
  );
}

function Members({ team, canManage }: { team: Team; canManage: boolean }) {
  const [reloadKey, setReloadKey] = useState(0);
  const [user, setUser] = useState<number | null>(null);
  const { error, setError, run } = useAction();
  const change = (userId: number, remove: boolean) =>
    run(async () => {
      await api.post(`/teams/${team.id}/members`, remove ? { user: userId, disassociate: true } : { user: userId });
      setReloadKey((k) => k + 1);
      if (!remove) setUser(null);
    });
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
      <ErrorText error={error} />
    </section>
  );
}

function TeamDetail({ team: t }: { team: Team }) {
  const may = useCan(t);
  return (
    <DetailPage
      kind={TEAMS}
      obj={t}
      access="team"
      facts={[
        ['Description', t.description],
        ['Organization', <OrganizationLink team={t} />],
      ]}
    >
      <Members team={t} canManage={may('edit')} />
      <RolesPanel grantee="team" granteeId={t.id} canGrant={may('edit')} />
    </DetailPage>
  );
}
