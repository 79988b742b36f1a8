/**
 * A link to a referenced object showing its name (objects carry only the ids of what they point to).
 * Names are fetched once per object and shared by every link on the page.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';

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

export function ResourceLink({ apiPath, to }: { apiPath: string; to: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void nameOf(apiPath).then((n) => {
      if (live) setName(n);
    });
    return () => {
      live = false;
    };
  }, [apiPath]);
  const id = apiPath.split('/').pop();
  return <Link to={to}>{name ?? `#${id}`}</Link>;
}
