/** Users: list, create, edit (password, superuser flag), delete, and their roles. */
import { useState } from 'react';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { RolesPanel } from '../components/access-panel';
import { can } from '../components/capabilities';
import { DetailPage } from '../components/detail-page';
import { CheckboxField, TextField } from '../components/field';
import { FormPage, requireText, useResourceForm } from '../components/form-page';
import { ListPage } from '../components/list-page';
import { USERS } from '../components/resource-kinds';
import { ResourceRoutes } from '../components/resource-routes';
import type { User } from '../components/resource-types';

export function UsersRoutes() {
  return <ResourceRoutes<User> kind={USERS} list={<UsersList />} form={(u) => <UserForm initial={u} />} detail={(u) => <UserDetail user={u} />} />;
}

function UsersList() {
  return (
    <ListPage<User>
      kind={USERS}
      createScope="superuser"
      defaultOrder="username"
      columns={[
        { header: 'Username', sort: 'username', render: (u) => <Link to={`/users/${u.id}`}>{u.username}</Link> },
        { header: 'First name', sort: 'first_name', render: (u) => u.first_name },
        { header: 'Last name', sort: 'last_name', render: (u) => u.last_name },
        { header: 'Email', sort: 'email', render: (u) => u.email },
        { header: 'Role', render: (u) => (u.is_superuser ? 'Superuser' : u.is_system_auditor ? 'System auditor' : 'Normal user') },
      ]}
    />
  );
}

const FIELDS = ['username', 'email', 'first_name', 'last_name', 'password', 'is_superuser', 'is_system_auditor'];

function UserForm({ initial }: { initial?: User }) {
  const { user: me } = useSession();
  const [username, setUsername] = useState(initial?.username ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [firstName, setFirstName] = useState(initial?.first_name ?? '');
  const [lastName, setLastName] = useState(initial?.last_name ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [superuser, setSuperuser] = useState(initial?.is_superuser ?? false);
  const [auditor, setAuditor] = useState(initial?.is_system_auditor ?? false);
  const s = useResourceForm(USERS, initial);
  return (
    <FormPage
      form={s}
      fields={[...FIELDS, 'confirm_password']}
      validate={(e) => {
        requireText(e, 'username', username, 'Username');
        if (!initial && !password) e['password'] = 'Password is required';
        if (password !== confirm) e['confirm_password'] = 'The passwords do not match';
        if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) e['email'] = 'is not an email address';
      }}
      send={() => {
        const body: Record<string, unknown> = { username: username.trim(), email, first_name: firstName, last_name: lastName };
        if (me?.is_superuser) Object.assign(body, { is_superuser: superuser, is_system_auditor: auditor });
        if (password) body['password'] = password;
        return s.save(body);
      }}
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

function UserDetail({ user: u }: { user: User }) {
  const { user: me } = useSession();
  const self = me?.id === u.id;
  return (
    <DetailPage
      kind={USERS}
      obj={u}
      canEdit={self || can(u, 'edit', me)}
      canDelete={!self && can(u, 'delete', me)}
      facts={[
        ['First name', u.first_name],
        ['Last name', u.last_name],
        ['Email', u.email],
        ['Superuser', u.is_superuser ? 'yes' : 'no'],
        ['System auditor', u.is_system_auditor ? 'yes' : 'no'],
        ['Last login', u.last_login ? new Date(u.last_login).toLocaleString() : 'never'],
      ]}
    >
      <RolesPanel grantee="user" granteeId={u.id} canGrant={me?.is_superuser === true} />
    </DetailPage>
  );
}
