/** Users: list, create, edit (password, superuser flag), delete, and their roles. */
import { useState } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useCanCreate } from '../auth/can-create';
import { useSession } from '../auth/session';
import { RolesPanel } from '../components/access-panel';
import { can } from '../components/capabilities';
import { DeleteButton } from '../components/confirm-dialog';
import { unclaimed } from '../components/errors';
import { CheckboxField, TextField } from '../components/field';
import { FormPage, requireText } from '../components/form-page';
import { ListTable } from '../components/list-table';
import { Loaded, useIdParam } from '../components/loaded';
import { Details, PageHeader } from '../components/page-header';
import type { User } from '../components/resource-types';
import { useSubmit } from '../components/use-submit';

export function UsersRoutes() {
  return (
    <Routes>
      <Route index element={<UsersList />} />
      <Route path="new" element={<UserForm />} />
      <Route path=":id" element={<UserDetail />} />
      <Route path=":id/edit" element={<UserEdit />} />
    </Routes>
  );
}

function UsersList() {
  const navigate = useNavigate();
  const canAdd = useCanCreate('superuser');
  return (
    <>
      <PageHeader title="Users">
        {canAdd ? (
          <button type="button" onClick={() => navigate('/users/new')}>
            Add
          </button>
        ) : null}
      </PageHeader>
      <ListTable<User>
        path="/users"
        label="Users"
        defaultOrder="username"
        columns={[
          { header: 'Username', sort: 'username', render: (u) => <Link to={`/users/${u.id}`}>{u.username}</Link> },
          { header: 'First name', sort: 'first_name', render: (u) => u.first_name },
          { header: 'Last name', sort: 'last_name', render: (u) => u.last_name },
          { header: 'Email', sort: 'email', render: (u) => u.email },
          { header: 'Role', render: (u) => (u.is_superuser ? 'Superuser' : u.is_system_auditor ? 'System auditor' : 'Normal user') },
        ]}
      />
    </>
  );
}

const FIELDS = ['username', 'email', 'first_name', 'last_name', 'password', 'is_superuser', 'is_system_auditor'];

function UserForm({ initial }: { initial?: User }) {
  const navigate = useNavigate();
  const { user: me } = useSession();
  const [username, setUsername] = useState(initial?.username ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [firstName, setFirstName] = useState(initial?.first_name ?? '');
  const [lastName, setLastName] = useState(initial?.last_name ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [superuser, setSuperuser] = useState(initial?.is_superuser ?? false);
  const [auditor, setAuditor] = useState(initial?.is_system_auditor ?? false);
  const s = useSubmit();
  const save = () =>
    s.submit(
      () => {
        const e: Record<string, string> = {};
        requireText(e, 'username', username, 'Username');
        if (!initial && !password) e['password'] = 'Password is required';
        if (password !== confirm) e['confirm_password'] = 'The passwords do not match';
        if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) e['email'] = 'is not an email address';
        return e;
      },
      async () => {
        const body: Record<string, unknown> = { username: username.trim(), email, first_name: firstName, last_name: lastName };
        if (me?.is_superuser) Object.assign(body, { is_superuser: superuser, is_system_auditor: auditor });
        if (password) body['password'] = password;
        const saved = initial ? await api.patch<User>(`/users/${initial.id}`, body) : await api.post<User>('/users', body);
        navigate(`/users/${saved.id}`);
      },
    );
  return (
    <FormPage
      title={initial ? `Edit ${initial.username}` : 'New user'}
      onSubmit={() => void save()}
      busy={s.busy}
      message={s.message}
      otherErrors={unclaimed(s.errors, [...FIELDS, 'confirm_password'])}
      cancelTo={initial ? `/users/${initial.id}` : '/users'}
    >
      <TextField label="Username" name="username" value={username} onChange={setUsername} error={s.errors['username']} required autoComplete="off" />
      <TextField label="Email" name="email" type="email" value={email} onChange={setEmail} error={s.errors['email']} />
      <TextField label="First name" name="first_name" value={firstName} onChange={setFirstName} error={s.errors['first_name']} />
      <TextField label="Last name" name="last_name" value={lastName} onChange={setLastName} error={s.errors['last_name']} />
      <TextField
        label="Password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        error={s.errors['password']}
        required={!initial}
        hint={initial ? 'Leave empty to keep the current password.' : undefined}
      />
      <TextField label="Confirm password" type="password" value={confirm} onChange={setConfirm} error={s.errors['confirm_password']} required={!initial} />
      {me?.is_superuser ? (
        <>
          <CheckboxField label="Superuser" name="is_superuser" checked={superuser} onChange={setSuperuser} error={s.errors['is_superuser']} hint="May do everything." />
          <CheckboxField label="System auditor" name="is_system_auditor" checked={auditor} onChange={setAuditor} error={s.errors['is_system_auditor']} hint="May read everything." />
        </>
      ) : null}
    </FormPage>
  );
}

function UserEdit() {
  const id = useIdParam();
  return <Loaded<User> path={`/users/${id}`}>{(u) => <UserForm initial={u} />}</Loaded>;
}

function UserDetail() {
  const id = useIdParam();
  const navigate = useNavigate();
  const { user: me } = useSession();
  return (
    <Loaded<User> path={`/users/${id}`}>
      {(u) => {
        const self = me?.id === u.id;
        const mayEdit = self || can(u, 'edit', me);
        return (
          <>
            <PageHeader title={u.username} back={<Link to="/users">Users</Link>}>
              {mayEdit ? (
                <button type="button" onClick={() => navigate(`/users/${u.id}/edit`)}>
                  Edit
                </button>
              ) : null}
              {!self && can(u, 'delete', me) ? <DeleteButton path={`/users/${u.id}`} what={`user ${u.username}`} onDeleted={() => navigate('/users')} /> : null}
            </PageHeader>
            <Details
              items={[
                ['First name', u.first_name],
                ['Last name', u.last_name],
                ['Email', u.email],
                ['Superuser', u.is_superuser ? 'yes' : 'no'],
                ['System auditor', u.is_system_auditor ? 'yes' : 'no'],
                ['Last login', u.last_login ? new Date(u.last_login).toLocaleString() : 'never'],
              ]}
            />
            <RolesPanel grantee="user" granteeId={u.id} canGrant={me?.is_superuser === true} />
          </>
        );
      }}
    </Loaded>
  );
}
