/**
 * What the user may do with an object: `summary_fields.user_capabilities` when the API sends it;
 * without it, superusers may do everything and others nothing (the API checks every request anyway).
 */
import type { Me } from '../auth/session';
import type { UserCapabilities, WithCapabilities } from './resource-types';

export function can(obj: WithCapabilities | undefined, action: keyof UserCapabilities, user: Me | null): boolean {
  const v = obj?.summary_fields?.user_capabilities?.[action];
  if (typeof v === 'boolean') return v;
  return user?.is_superuser === true;
}
