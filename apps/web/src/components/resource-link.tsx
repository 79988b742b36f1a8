/**
 * A link to an object another one points at, showing its name: the one `summary_fields` gives when the
 * API sent it; otherwise (e.g. in a project's Sync answer) the name is fetched, once per object and
 * shared by every link on the page.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { RelatedRef } from './resource-types';

const names = new Map<string, Promise<string | null>>();

function nameOf(apiPath: string): Promise<string | null> {
  let p = names.get(apiPath);
  if (!p) {
    p = api.get<{ name?: string; username?: string }>(apiPath).then(
      (o) => o.name ?? o.username ?? null,
      () => null,
    );
    names.set(apiPath, p);
  }
  return p;
}

/** Forget cached names (after a rename, and between tests). */
export function forgetNames(): void {
  names.clear();
}

/**
 * The name of the object at `apiPath`: `related.name` when summary_fields named it (null when it says
 * there is none); fetched only when `related` is absent. Null until known, or when it can't be read.
 */
export function useRelatedName(apiPath: string, related: RelatedRef | null | undefined): string | null {
  const [fetched, setFetched] = useState<string | null>(null);
  const absent = related === undefined;
  useEffect(() => {
    if (!absent) return;
    let live = true;
    void nameOf(apiPath).then((n) => {
      if (live) setFetched(n);
    });
    return () => {
      live = false;
    };
  }, [apiPath, absent]);
  return absent ? fetched : (related?.name ?? null);
}

/** A link to `to` (also the object's API path), named as useRelatedName finds; `#<id>` while unknown. */
export function ResourceLink({ to, related }: { to: string; related?: RelatedRef | null }) {
  const name = useRelatedName(to, related);
  return <Link to={to}>{name ?? `#${to.split('/').pop()}`}</Link>;
}
