/**
 * Permissions. On an object: who has which role and why (access_list), granting a role to a user or
 * team and revoking direct grants. On a user or team: their roles, granting and revoking.
 * Grants go through POST /users/:id/roles and /teams/:id/roles (`disassociate: true` revokes).
 */
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, type Page } from '../api/client';
import { ErrorText } from './error-text';
import { SelectField } from './field';
import { ListTable } from './list-table';
import { ResourceSelect } from './resource-select';
import { GRANTABLE_ROLES, RESOURCE_LABEL, RESOURCE_PATH, type AccessEntry, type ResourceType, type RoleGrant, type RoleName } from './resource-types';
import { TableHead } from './table-head';
import { useAction } from './use-action';
import { useFetch } from './use-fetch';

const RESOURCE_ROUTE: Record<ResourceType, string> = {
  organization: '/organizations',
  team: '/teams',
  project: '/projects',
  inventory: '/inventories',
  credential: '/credentials',
  job_template: '/templates',
};

async function changeRole(grantee: 'user' | 'team', granteeId: number, resourceType: ResourceType, resourceId: number, role: string, revoke: boolean): Promise<void> {
  await api.post(`/${grantee}s/${granteeId}/roles`, { resource_type: resourceType, resource_id: resourceId, role, ...(revoke ? { disassociate: true } : {}) });
}

function roleOptions(type: ResourceType) {
  return GRANTABLE_ROLES[type].map((r) => ({ value: r, label: r }));
}

/** Who may do what on one object. */
export function AccessPanel({ resourceType, resourceId, canGrant }: { resourceType: ResourceType; resourceId: number; canGrant: boolean }) {
  const list = useFetch<Page<AccessEntry>>(`${RESOURCE_PATH[resourceType]}/${resourceId}/access_list`, { page_size: 200 });
  const [grantee, setGrantee] = useState<'user' | 'team'>('user');
  const [who, setWho] = useState<number | null>(null);
  const [role, setRole] = useState<RoleName>(GRANTABLE_ROLES[resourceType][0]!);
  const { busy, error, setError, run } = useAction();
  const act = (fn: () => Promise<void>) =>
    run(async () => {
      await fn();
      list.reload();
    });

  function grant(e: FormEvent) {
    e.preventDefault();
    if (who === null) {
      setError(`Choose a ${grantee}.`);
      return;
    }
    void act(() => changeRole(grantee, who, resourceType, resourceId, role, false));
  }

  return (
    <section aria-labelledby="access-title" className="panel">
      <h2 id="access-title">Access</h2>
      <ErrorText error={list.error} />
      <table className="table" aria-label="Access">
        <TableHead columns={['User', 'Roles']} />
        <tbody>
          {(list.data?.results ?? []).map((u) => (
            <tr key={u.id}>
              <td>
                <Link to={`/users/${u.id}`}>{u.username}</Link>
              </td>
              <td>
                <ul className="plain">
                  {u.access.map((a, i) => (
                    <li key={`${a.role}-${a.via}-${i}`}>
                      {a.role}{' '}
                      <span className="muted">
                        ({a.via === 'team' && a.team ? `via team ${a.team.name}` : a.via === 'direct' ? 'direct' : `via ${a.via}`}
                        {a.granted_role !== a.role ? `, from ${a.granted_role}` : ''})
                      </span>
                      {canGrant && a.via === 'direct' && a.granted_role === a.role ? (
                        <button
                          type="button"
                          className="link"
                          disabled={busy}
                          aria-label={`Revoke ${a.role} from ${u.username}`}
                          onClick={() => void act(() => changeRole('user', u.id, resourceType, resourceId, a.role, true))}
                        >
                          Revoke
                        </button>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canGrant ? (
        <form className="inline-form" onSubmit={grant} aria-label="Grant access" noValidate>
          <SelectField
            label="Grant to"
            value={grantee}
            onChange={(v) => {
              setGrantee(v === 'team' ? 'team' : 'user');
              setWho(null);
            }}
            options={[
              { value: 'user', label: 'User' },
              { value: 'team', label: 'Team' },
            ]}
          />
          {grantee === 'user' ? (
            <ResourceSelect label="User" path="/users" nameField="username" value={who} onChange={setWho} />
          ) : (
            <ResourceSelect label="Team" path="/teams" value={who} onChange={setWho} />
          )}
          <SelectField label="Role" value={role} onChange={(v) => setRole(v as RoleName)} options={roleOptions(resourceType)} />
          <button type="submit" disabled={busy}>
            Grant
          </button>
        </form>
      ) : null}
      <ErrorText error={error} />
    </section>
  );
}

/** The roles one user or team holds, with grant and revoke. */
export function RolesPanel({ grantee, granteeId, canGrant }: { grantee: 'user' | 'team'; granteeId: number; canGrant: boolean }) {
  const [type, setType] = useState<ResourceType>('project');
  const [resource, setResource] = useState<number | null>(null);
  const [role, setRole] = useState<RoleName>(GRANTABLE_ROLES.project[0]!);
  const [reloadKey, setReloadKey] = useState(0);
  const { error, setError, run } = useAction();
  const act = (fn: () => Promise<void>) =>
    run(async () => {
      await fn();
      setReloadKey((k) => k + 1);
    });

  function grant(e: FormEvent) {
    e.preventDefault();
    if (resource === null) {
      setError(`Choose a ${RESOURCE_LABEL[type].toLowerCase()}.`);
      return;
    }
    void act(() => changeRole(grantee, granteeId, type, resource, role, false));
  }

  return (
    <section aria-labelledby="roles-title" className="panel">
      <h2 id="roles-title">Roles</h2>
      <ListTable<RoleGrant>
        path={`/${grantee}s/${granteeId}/roles`}
        label="Roles"
        searchable={false}
        reloadKey={reloadKey}
        empty="No roles granted."
        columns={[
          { header: 'Resource type', sort: 'resource_type', render: (g) => RESOURCE_LABEL[g.resource_type] },
          { header: 'Resource', render: (g) => <Link to={`${RESOURCE_ROUTE[g.resource_type]}/${g.resource_id}`}>{g.resource_name}</Link> },
          { header: 'Role', sort: 'role', render: (g) => g.role },
        ]}
        actions={
          canGrant
            ? (g) => (
                <button type="button" className="link" aria-label={`Revoke ${g.role} on ${g.resource_name}`} onClick={() => void act(() => changeRole(grantee, granteeId, g.resource_type, g.resource_id, g.role, true))}>
                  Revoke
                </button>
              )
            : undefined
        }
      />
      {canGrant ? (
        <form className="inline-form" onSubmit={grant} aria-label="Grant a role" noValidate>
          <SelectField
            label="Resource type"
            value={type}
            onChange={(v) => {
              const t = v as ResourceType;
              setType(t);
              setResource(null);
              setRole(GRANTABLE_ROLES[t][0]!);
            }}
            options={(Object.keys(RESOURCE_LABEL) as ResourceType[]).map((t) => ({ value: t, label: RESOURCE_LABEL[t] }))}
          />
          <ResourceSelect key={type} label="Resource" path={RESOURCE_PATH[type]} value={resource} onChange={setResource} />
          <SelectField label="Role" value={role} onChange={(v) => setRole(v as RoleName)} options={roleOptions(type)} />
          <button type="submit">Grant</button>
        </form>
      ) : null}
      <ErrorText error={error} />
    </section>
  );
}
