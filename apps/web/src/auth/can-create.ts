/**
 * Whether to offer "Add" for organization-owned objects (projects, inventories, credentials, job
 * templates, teams): superusers always; other users when they hold the admin role on some organization
 * (from GET /users/:id/roles, looked up once per user). Organizations and users: superusers only.
 */
import { useEffect, useState } from 'react';
import { api, type Page } from '../api/client';
import { useSession, type Me } from './session';

const adminOf = new Map<number, Promise<boolean>>();

function isOrgAdmin(user: Me): Promise<boolean> {
  let p = adminOf.get(user.id);
  if (!p) {
    p = api
      .get<Page<unknown>>(`/users/${user.id}/roles`, { resource_type: 'organization', role: 'admin', page_size: 1 })
      .then((page) => page.count > 0, () => false);
    adminOf.set(user.id, p);
  }
  return p;
}

/** Forget cached answers (tests, or after a role change). */
export function forgetCreateRights(): void {
  adminOf.clear();
}

export function useCanCreate(scope: 'org-resource' | 'superuser' = 'org-resource'): boolean {
  const { user } = useSession();
  const [orgAdmin, setOrgAdmin] = useState(false);
  useEffect(() => {
    if (!user || user.is_superuser || scope === 'superuser') return;
    let live = true;
    void isOrgAdmin(user).then((v) => {
      if (live) setOrgAdmin(v);
    });
    return () => {
      live = false;
    };
  }, [user, scope]);
  if (!user) return false;
  if (user.is_superuser) return true;
  return scope === 'org-resource' && orgAdmin;
}
