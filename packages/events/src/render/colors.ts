/** Ansible's colour names and their ANSI codes (ansible.utils.color). */
const CODES = {
  green: '0;32',
  yellow: '0;33',
  red: '0;31',
  cyan: '0;36',
  'bright red': '1;31',
  'bright purple': '1;35',
  'dark gray': '1;30',
  'bright green': '1;32',
} as const;
export type ColorName = keyof typeof CODES;

export const COLOR = {
  ok: 'green',
  changed: 'yellow',
  error: 'red',
  skip: 'cyan',
  unreachable: 'bright red',
  warn: 'bright purple',
  debug: 'dark gray',
} as const satisfies Record<string, ColorName>;

/** Colour each line of text, as Ansible's stringc does. */
export function stringc(text: string, color: ColorName): string {
  return text
    .split('\n')
    .map((t) => `\x1b[${CODES[color]}m${t}\x1b[0m`)
    .join('\n');
}
