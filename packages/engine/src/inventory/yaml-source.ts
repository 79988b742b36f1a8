/**
 * The YAML inventory format (`all: {hosts:, vars:, children:}`), as ansible-core 2.14's yaml plugin reads
 * it (ansible/plugins/inventory/yaml.py), including its warnings for keys it skips.
 */
import { DroverError, type SourcePos } from '../errors.js';
import { expandHostPattern } from './address.js';
import type { InventoryData } from './model.js';
import { keyString, pyTypeName, toPlain, type YNode } from './yaml-load.js';

/** Why the yaml plugin declined a file: Ansible then tries the ini plugin on it. */
export class NotYamlInventory extends Error {
  constructor(
    message: string,
    readonly pos: SourcePos,
  ) {
    super(message);
  }
}

/** Checks the yaml plugin makes before it touches the inventory. */
export function checkYamlInventory(root: YNode | undefined, file: string): asserts root is YNode & { kind: 'map' } {
  const empty =
    !root || (root.kind === 'map' && root.pairs.length === 0) || (root.kind === 'seq' && root.items.length === 0) || (root.kind === 'scalar' && !root.value);
  if (!root || empty) {
    throw new NotYamlInventory('Parsed empty YAML file', { file });
  }
  if (root.kind !== 'map') {
    throw new NotYamlInventory(`YAML inventory has invalid structure, it should be a dictionary, got: <class '${pyTypeName(root)}'>`, root.pos);
  }
  const plugin = root.pairs.find((p) => keyString(p.key) === 'plugin');
  if (plugin && isTruthyScalar(plugin.value)) {
    throw new DroverError(
      'DRV_ENGINE_INVENTORY',
      `${file}: inventory plugin configuration files (plugin: ${String(toPlain(plugin.value))}) are not supported`,
      plugin.key.pos,
    );
  }
}

function isTruthyScalar(n: YNode): boolean {
  if (n.kind !== 'scalar') return true;
  return n.value !== null && n.value !== false && n.value !== 0 && n.value !== '';
}

export function parseYamlInventory(inv: InventoryData, root: YNode & { kind: 'map' }, file: string): void {
  const parser = new YamlInventoryParser(inv, file);
  for (const p of root.pairs) parser.parseGroup(p.key, p.value);
}

class YamlInventoryParser {
  constructor(
    private readonly inv: InventoryData,
    private readonly file: string,
  ) {}

  private error(message: string, pos: SourcePos): DroverError {
    const where = pos.line !== undefined ? `${this.file}:${pos.line}` : this.file;
    return new DroverError('DRV_ENGINE_INVENTORY', `${where}: ${message}`, pos);
  }

  private at<T>(pos: SourcePos, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DroverError) throw e;
      throw this.error(e instanceof Error ? e.message : String(e), pos);
    }
  }

  /** _parse_group(): returns the group name (also when the definition was skipped). */
  parseGroup(keyNode: YNode, data: YNode): string {
    const groupName = keyString(keyNode);
    const isMapOrNone = data.kind === 'map' || (data.kind === 'scalar' && data.value === null);
    if (!isMapOrNone) {
      this.inv.warn(`Skipping '${groupName}' as this is not a valid group definition`);
      return groupName;
    }
    const v = keyNode.kind === 'scalar' ? keyNode.value : undefined;
    if (v === null || v === false || v === 0 || v === '') {
      throw this.error(`Unable to add group ${groupName}: Invalid empty/false group name provided: ${groupName}`, keyNode.pos);
    }
    if (typeof v !== 'string') {
      throw this.error(
        `Unable to add group ${groupName}: Invalid group name supplied, expected a string but got <class '${pyTypeName(keyNode)}'> for ${groupName}`,
        keyNode.pos,
      );
    }
    const group = this.at(keyNode.pos, () => this.inv.addGroup(v));
    if (data.kind !== 'map') return group;

    // make sure vars/children/hosts are mappings (a plain string is shorthand for {string: None})
    const sections = new Map<string, YNode>();
    for (const p of data.pairs) {
      const key = keyString(p.key);
      let value = p.value;
      if (key === 'vars' || key === 'children' || key === 'hosts') {
        if (value.kind === 'scalar' && typeof value.value === 'string') {
          value = { kind: 'map', pairs: [{ key: value, value: { kind: 'scalar', value: null, pos: value.pos } }], pos: value.pos };
        }
        if (!(value.kind === 'map' || (value.kind === 'scalar' && value.value === null))) {
          throw this.error(
            `Invalid "${key}" entry for "${group}" group, requires a dictionary, found "<class '${pyTypeName(value)}'>" instead.`,
            value.pos,
          );
        }
      }
      sections.set(key, value);
    }

    for (const p of data.pairs) {
      const key = keyString(p.key);
      const value = sections.get(key)!;
      if (value.kind !== 'map') {
        if (value.kind !== 'scalar' || value.value !== null) {
          this.inv.warn(`Skipping key (${key}) in group (${group}) as it is not a mapping, it is a <class '${pyTypeName(value)}'>`);
        }
        continue;
      }
      if (key === 'vars') {
        for (const v of value.pairs) {
          this.at(v.key.pos, () => this.inv.setVariable(group, keyString(v.key), toPlain(v.value)));
        }
      } else if (key === 'children') {
        for (const c of value.pairs) {
          const sub = this.parseGroup(c.key, c.value);
          this.at(c.key.pos, () => this.inv.addChild(group, sub));
        }
      } else if (key === 'hosts') {
        for (const h of value.pairs) this.parseHost(group, h.key, h.value);
      } else {
        this.inv.warn(`Skipping unexpected key (${key}) in group (${group}), only "vars", "children" and "hosts" are valid`);
      }
    }
    return group;
  }

  private parseHost(group: string, keyNode: YNode, varsNode: YNode): void {
    if (keyNode.kind !== 'scalar' || typeof keyNode.value !== 'string') {
      const shown = keyString(keyNode);
      throw this.error(`Host pattern ${shown} must be a string. Enclose integers/floats in quotation marks.`, keyNode.pos);
    }
    const pattern = keyNode.value;
    const { names, port } = this.at(keyNode.pos, () => expandHostPattern(pattern));
    // `host:` with no value (or any falsy value) means no variables
    const falsy = varsNode.kind === 'scalar' && (varsNode.value === null || varsNode.value === false || varsNode.value === 0 || varsNode.value === '');
    const emptySeq = varsNode.kind === 'seq' && varsNode.items.length === 0;
    if (!falsy && !emptySeq && varsNode.kind !== 'map') {
      throw this.error(`Invalid data from file, expected dictionary and got:\n\n${String(toPlain(varsNode))}`, varsNode.pos);
    }
    this.at(keyNode.pos, () => {
      for (const name of names) {
        this.inv.addHost(name, group, port);
        if (varsNode.kind === 'map') {
          for (const v of varsNode.pairs) this.inv.setVariable(name, keyString(v.key), toPlain(v.value));
        }
      }
    });
  }
}
