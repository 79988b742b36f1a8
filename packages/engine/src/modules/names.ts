/** Modules drover implements, by their short name. */
export const MODULES = [
  'command',
  'shell',
  'raw',
  'debug',
  'set_fact',
  'assert',
  'fail',
  'meta',
  'ping',
  'include_tasks',
  'import_tasks',
  'include_role',
  'import_role',
  'gather_facts',
  'setup',
] as const;
export type ModuleName = (typeof MODULES)[number];

const known = new Set<string>(MODULES);

/** Modules whose string argument is free-form text (kept in `_raw_params`). */
export const FREE_FORM = new Set<string>(['command', 'shell', 'raw', 'meta', 'include_tasks', 'import_tasks']);

/** Options Ansible pulls out of a command/shell free-form string as k=v. */
export const RAW_KV_OPTIONS = new Set([
  'creates',
  'removes',
  'chdir',
  'executable',
  'warn',
  'stdin',
  'stdin_add_newline',
  'strip_empty_ends',
]);

/** 'ansible.builtin.command' / 'ansible.legacy.command' / 'command' → 'command'; undefined if unknown. */
export function resolveModule(name: string): ModuleName | undefined {
  const short = name.startsWith('ansible.builtin.')
    ? name.slice('ansible.builtin.'.length)
    : name.startsWith('ansible.legacy.')
      ? name.slice('ansible.legacy.'.length)
      : name;
  return known.has(short) ? (short as ModuleName) : undefined;
}
