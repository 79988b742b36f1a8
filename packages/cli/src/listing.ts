import { compilePlay, HandlerTable, type TagFilter, type BlockNode, type Inventory, type Play, type Playbook, type TaskNode, type Templar } from '@drover/engine';

type Out = (line: string) => void;

export interface ListWhat {
  hosts: boolean;
  tasks: boolean;
  handlers: boolean;
  /** --tags / --skip-tags, as the run would apply them. */
  tags?: TagFilter;
}

/** Python's repr() of a str. */
function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}

/** A play keyword templated with the play's vars and the extra vars (Ansible's post_validate);
 * left as written when it does not template. */
function templated(templar: Templar, raw: string, play: Play, extraVars: Readonly<Record<string, unknown>>): string {
  if (!raw.includes('{{') && !raw.includes('{%')) return raw;
  try {
    return String(templar.template(raw, { ...play.vars, ...extraVars }));
  } catch {
    return raw;
  }
}

/** Ansible's default tag filter (no --tags/--skip-tags): a task tagged `never` is left out unless also `always`. */
function runsByDefault(tags: ReadonlySet<string>): boolean {
  return tags.has('always') || !tags.has('never');
}

/** The tasks --list-tasks shows, with their inherited tags: each block's `block` part only (not
 * rescue/always, as Ansible's _process_block), implicit meta tasks skipped. */
function listedTasks(blocks: readonly BlockNode[], playTags: readonly string[]): { task: TaskNode; tags: Set<string> }[] {
  const out: { task: TaskNode; tags: Set<string> }[] = [];
  const walk = (b: BlockNode, inherited: readonly string[]) => {
    const tags = [...inherited, ...b.tags];
    for (const it of b.block) {
      if (it.kind === 'block') walk(it, tags);
      else if (!it.implicit) out.push({ task: it, tags: new Set([...tags, ...it.tags]) });
    }
  };
  for (const b of blocks) walk(b, playTags);
  return out.filter((t) => runsByDefault(t.tags));
}

/** --list-hosts, --list-tasks, --list-handlers, in ansible-playbook's layout (--list-handlers is ours). */
export function listPlaybook(
  out: Out,
  warn: Out,
  pb: Playbook,
  file: string,
  inventory: Inventory,
  templar: Templar,
  extraVars: Readonly<Record<string, unknown>>,
  what: ListWhat,
): void {
  out('');
  out(`playbook: ${file}`);
  pb.plays.forEach((play, i) => {
    const pattern = templated(templar, play.hosts, play, extraVars);
    const name = templated(templar, play.name, play, extraVars);
    out('');
    out(`  play #${i + 1} (${pattern}): ${name}\tTAGS: [${[...new Set(play.tags)].join(',')}]`);
    if (what.hosts) {
      const { hosts, warnings } = inventory.listHosts(pattern);
      for (const w of warnings) warn(w);
      out(`    pattern: [${pyRepr(pattern)}]`);
      out(`    hosts (${hosts.length}):`);
      for (const h of hosts) out(`      ${h}`);
    }
    if (what.tasks) {
      out('    tasks:');
      for (const { task, tags } of listedTasks(compilePlay(play, false, what.tags), play.tags)) {
        // Ansible: a named task by get_name() (`role : name`), an unnamed one by its action alone
        const label = task.name ? `${task.role ? `${task.role.name} : ` : ''}${task.name}` : task.actionAsWritten;
        out(`      ${label}\tTAGS: [${[...tags].sort().join(', ')}]`);
      }
    }
    if (what.handlers) {
      const table = new HandlerTable(play, (raw) => {
        try {
          return String(templar.template(raw, { ...play.vars, ...extraVars }));
        } catch {
          return undefined;
        }
      });
      out('    handlers (in run order):');
      for (const h of table.list) {
        const listen = h.handler?.listen ?? [];
        out(`      ${table.displayName(h)}\tLISTEN: [${listen.join(', ')}]`);
      }
    }
  });
}
