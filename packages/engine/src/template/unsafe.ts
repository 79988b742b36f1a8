// Ansible's "unsafe" marking: values that must never be templated (registered results, facts,
// lookup results, !unsafe strings). Objects are marked in a WeakSet; strings are wrapped.

const UNSAFE = new WeakSet<object>();

/** Marks an object/array (and everything inside it) as never-to-be-templated. Returns it. */
export function markUnsafe<T>(value: T): T {
  if (value !== null && typeof value === 'object') UNSAFE.add(value as object);
  return value;
}

export function isUnsafe(value: unknown): boolean {
  return value !== null && typeof value === 'object' && UNSAFE.has(value as object);
}
