/** A module/task result as Ansible shapes it (the `res` of job events). */
export type Res = Record<string, unknown>;

export function isUnreachable(r: Res): boolean {
  return r['unreachable'] === true;
}

export function isSkipped(r: Res): boolean {
  const results = r['results'];
  if (Array.isArray(results) && results.length > 0) {
    return results.every((x) => typeof x === 'object' && x !== null && (x as Res)['skipped'] === true);
  }
  return r['skipped'] === true;
}

export function isFailed(r: Res): boolean {
  if (r['failed'] === true) return true;
  const results = r['results'];
  if (Array.isArray(results)) {
    return results.some((x) => typeof x === 'object' && x !== null && (x as Res)['failed'] === true);
  }
  return false;
}

export function isChanged(r: Res): boolean {
  if (r['changed'] === true) return true;
  const results = r['results'];
  if (Array.isArray(results)) {
    return results.some((x) => typeof x === 'object' && x !== null && (x as Res)['changed'] === true);
  }
  return false;
}

/** Keys Ansible keeps internal (stripped before register and display). */
export function stripInternal(r: Res): Res {
  const out: Res = {};
  for (const [k, v] of Object.entries(r)) {
    if (k.startsWith('_ansible_') && k !== '_ansible_no_log') continue;
    out[k] = v;
  }
  return out;
}
