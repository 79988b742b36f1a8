import { readFileSync } from 'node:fs';
import type { DroverError } from '@drover/engine';

/** The two lines Ansible shows for a position: the one before and the one at `line` (1-based),
 * clamped to the file and moved back over blank lines (errors at EOF point past the last line). */
function offendingLines(text: string, line: number): { prev: string; target: string } | undefined {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return undefined;
  let i = Math.min(line - 1, lines.length - 1);
  while (i > 0 && lines[i]!.trim() === '') i--;
  return { prev: i > 0 ? lines[i - 1]! : '', target: lines[i]! };
}

/** `ERROR! message`, with Ansible's pointer to the file, line and column and the offending lines. */
export function formatUserError(e: DroverError): string {
  let msg = `ERROR! ${e.message}`;
  const p = e.pos;
  if (!p?.file) return msg;
  let text: string | undefined;
  try {
    text = readFileSync(p.file, 'utf8');
  } catch {
    // a missing file is named by the message itself; no pointer into it
    return msg;
  }
  if (p.line === undefined) return `${msg}\n\nThe error appears to be in '${p.file}'.`;
  const column = p.column ?? 1;
  msg += `\n\nThe error appears to be in '${p.file}': line ${p.line}, column ${column}, but may\nbe elsewhere in the file depending on the exact syntax problem.`;
  const lines = offendingLines(text, p.line);
  if (lines) {
    msg += `\n\nThe offending line appears to be:\n\n${lines.prev.trimEnd()}\n${lines.target.trimEnd()}\n${' '.repeat(Math.max(0, column - 1))}^ here`;
  }
  return msg;
}

/** Exit codes as ansible-playbook's: parser errors (AnsibleParserError) 4, other errors 1. */
export function exitCodeFor(e: DroverError): number {
  switch (e.code) {
    case 'DRV_ENGINE_PARSE':
    case 'DRV_ENGINE_UNKNOWN_MODULE':
      return 4;
    default:
      // DRV_ENGINE_OPTION (a bad --limit @file) is an AnsibleError in ansible-playbook: 1
      return 1;
  }
}
