import type { BlockNode, Item, TaskNode } from '../playbook/types.js';

/** --tags / --skip-tags: which tasks of a play run (Ansible's Taggable.evaluate_tags). */
export interface TagFilter {
  readonly only: readonly string[];
  readonly skip: readonly string[];
}

export const NO_TAG_FILTER: TagFilter = { only: ['all'], skip: [] };

/** Ansible's rule for one task's effective tags. */
export function shouldRun(tags: ReadonlySet<string>, f: TagFilter): boolean {
  const has = (list: readonly string[]) => list.some((t) => tags.has(t));
  let run = true;
  if (f.only.length > 0) {
    if (tags.has('always')) run = true;
    else if (f.only.includes('all') && !tags.has('never')) run = true;
    else if (has(f.only)) run = true;
    else if (f.only.includes('tagged') && tags.size > 0 && !tags.has('never')) run = true;
    else run = f.only.includes('untagged') && tags.size === 0;
  }
  if (run && f.skip.length > 0) {
    if (f.skip.includes('all')) run = tags.has('always') && !f.skip.includes('always');
    else if (has(f.skip)) run = false;
    else if (f.skip.includes('tagged') && tags.size > 0) run = false;
    else if (f.skip.includes('untagged') && tags.size === 0) run = false;
  }
  return run;
}

/** A task's tags with those it inherits from its blocks (and play). */
function effectiveTags(task: TaskNode, playTags: readonly string[]): Set<string> {
  const out = new Set<string>([...playTags, ...task.tags]);
  for (let b = task.parent; b; b = b.parent) for (const t of b.tags) out.add(t);
  return out;
}

/** Copies of the blocks without the tasks the filter excludes; implicit tasks always stay. */
export function filterTagged(blocks: readonly BlockNode[], f: TagFilter, playTags: readonly string[]): BlockNode[] {
  if (f.only.length === 1 && f.only[0] === 'all' && f.skip.length === 0) {
    // the default: only tasks tagged `never` drop out
    const anyNever = blocks.some(function walk(b: Item): boolean {
      return b.kind === 'task' ? b.tags.includes('never') : b.tags.includes('never') || [...b.block, ...b.rescue, ...b.always].some(walk);
    });
    if (!anyNever) return [...blocks];
  }
  const keep = (items: readonly Item[]): Item[] =>
    items.flatMap((it): Item[] => {
      if (it.kind === 'task') return it.implicit || shouldRun(effectiveTags(it, playTags), f) ? [it] : [];
      const b: BlockNode = { ...it, block: keep(it.block), rescue: keep(it.rescue), always: keep(it.always) };
      return b.block.length + b.rescue.length + b.always.length > 0 ? [b] : [];
    });
  return keep(blocks) as BlockNode[];
}
