import type { User } from '@drover/db';
import { iso } from '../../schemas/common.js';

export function presentUser(u: User) {
  return {
    id: u.id,
    type: 'user' as const,
    url: `/api/v1/users/${u.id}`,
    username: u.username,
    email: u.email,
    first_name: u.firstName,
    last_name: u.lastName,
    is_superuser: u.isSuperuser,
    is_system_auditor: u.isSystemAuditor,
    created: u.createdAt.toISOString(),
    last_login: iso(u.lastLoginAt),
  };
}

export const presentMe = presentUser;
