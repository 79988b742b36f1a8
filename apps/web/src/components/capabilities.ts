/**
 * What the user may do with an object: `summary_fields.user_capabilities` when the API sends it;
 * without it, superusers may do everything and others nothing (the API checks every request anyway).
 */
import { useSession, type Me } from '../auth/session';
import type { UserCapabilities, WithCapabilities } from './resource-types';

export function can(obj: WithCapabilities | undefined, action: keyof UserCapabilities, user: Me | null): boolean {
  const v = obj?.summary_fields?.user_capabilities?.[action];
  if (typeof v === 'boolean') return v;
  return user?.is_superuser === true;
}

/** `can` for the signed-in user: `const may = useCan(obj); may('edit')`. */
export function useCan(obj: WithCapabilities | undefined): (action: keyof UserCapabilities) => boolean {
  const { user } = useSession();
  return (action) => can(obj, action, user);
}
