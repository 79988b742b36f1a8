/**
 * The INI inventory format, as ansible-core 2.14's ini plugin reads it (ansible/plugins/inventory/ini.py).
 * Inline host variables and [group:vars] values both go through literal_eval (checked against 2.14:
 * `[g:vars] port=8080` is the integer 8080, `x=True` a boolean, `y=[1, 2]` a list).
 */
import { DroverError } from '../errors.js';
import { expandHostPattern } from './address.js';
import type { InventoryData } from './model.js';
import { pyStrip } from './patterns.js';
import { parseIniValue } from './py-literal.js';
import { ShlexError, shlexSplit } from './shlex.js';

const SECTION_RE = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/su;
const GROUPNAME_RE = /^([^:\]\s]+)\s*(?:#.*)?$/su;
// Python str.splitlines() boundaries
const LINE_SPLIT = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

interface Pending {
  line: number;
  state: 'vars' | 'children';
  name: string;
  parents: string[];
}

export function parseIni(inv: InventoryData, path: string, text: string): void {
  new IniParser(inv, path).parse(text);
}

class IniParser {
  private lineno = 0;
  constructor(
    private readonly inv: InventoryData,
    private readonly path: string,
  ) {}

  private error(message: string, line = this.lineno): DroverError {
    return new DroverError('DRV_ENGINE_INVENTORY', `${this.path}:${line}: ${message}`, { file: this.path, line });
  }

  /** Run a model operation, turning its plain errors into positioned ones. */
  private at<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof DroverError) throw e;
      throw this.error(e instanceof Error ? e.message : String(e));
    }
  }

  parse(text: string): void {
    const lines = text.split(LINE_SPLIT);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    const pending = new Map<string, Pending>();
    let groupname = 'ungrouped';
    let state = 'hosts';
    for (const raw of lines) {
      this.lineno++;
      const line = pyStrip(raw);
      if (!line || line[0] === '#' || line[0] === ';') continue;

      const m = SECTION_RE.exec(line);
      if (m) {
        groupname = m[1]!;
        state = m[2] ?? 'hosts';
        if (state !== 'hosts' && state !== 'children' && state !== 'vars') {
          throw this.error(`Section [${groupname}:${state}] has unknown type: ${state}`);
        }
        if (!this.inv.groups.has(groupname)) {
          // [g:vars] alone does not declare a group: remember it and check at the end.
          if (state === 'vars' && !pending.has(groupname)) {
            pending.set(groupname, { line: this.lineno, state: 'vars', name: groupname, parents: [] });
          }
          const name = groupname;
          this.at(() => this.inv.addGroup(name));
        }
        const decl = pending.get(groupname);
        if (decl && state !== 'vars') {
          if (decl.state === 'children') this.addPendingChildren(groupname, pending);
          else pending.delete(groupname);
        }
        continue;
      } else if (line.startsWith('[') && line.endsWith(']')) {
        throw this.error(
          `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, ` +
            'and that there are no other invalid characters',
        );
      }

      if (state === 'hosts') {
        const { hosts, port, variables } = this.parseHostDefinition(line);
        const group = groupname;
        this.at(() => {
          for (const h of hosts) {
            this.inv.addHost(h, group, port);
            for (const [k, v] of variables) this.inv.setVariable(h, k, v);
          }
        });
      } else if (state === 'vars') {
        const eq = line.indexOf('=');
        if (eq < 0) throw this.error(`Expected key=value, got: ${line}`);
        const k = pyStrip(line.slice(0, eq));
        const v = parseIniValue(pyStrip(line.slice(eq + 1)));
        const group = groupname;
        this.at(() => this.inv.setVariable(group, k, v));
      } else {
        const cm = GROUPNAME_RE.exec(line);
        if (!cm) throw this.error(`Expected group name, got: ${line}`);
        const child = cm[1]!;
        if (!this.inv.groups.has(child)) {
          const decl = pending.get(child);
          if (!decl) pending.set(child, { line: this.lineno, state: 'children', name: child, parents: [groupname] });
          else decl.parents.push(groupname);
        } else {
          const parent = groupname;
          this.at(() => this.inv.addChild(parent, child));
        }
      }
    }
    // Only the first unresolved reference is reported, as Ansible does.
    for (const decl of pending.values()) {
      if (decl.state === 'vars') {
        throw this.error(`Section [${decl.name}:vars] not valid for undefined group: ${decl.name}`, decl.line);
      }
      throw this.error(`Section [${decl.parents[decl.parents.length - 1]}:children] includes undefined group: ${decl.name}`, decl.line);
    }
  }

  private addPendingChildren(group: string, pending: Map<string, Pending>): void {
    for (const parent of pending.get(group)!.parents) {
      this.at(() => this.inv.addChild(parent, group));
      const p = pending.get(parent);
      if (p && p.state === 'children') this.addPendingChildren(parent, pending);
    }
    pending.delete(group);
  }

  private parseHostDefinition(line: string): { hosts: string[]; port: number | undefined; variables: [string, unknown][] } {
    let tokens: string[];
    try {
      tokens = shlexSplit(line, true);
    } catch (e) {
      if (e instanceof ShlexError) throw this.error(`Error parsing host definition '${line}': ${e.message}`);
      throw e;
    }
    const hostpattern = tokens[0] ?? '';
    const { names, port } = this.at(() => expandHostPattern(hostpattern));
    if (pyStrip(hostpattern).endsWith(':') && port === undefined) {
      throw this.error(
        `Invalid host pattern '${hostpattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`,
      );
    }
    for (const n of names) {
      if (pyStrip(n) === '---') {
        throw this.error(`Invalid host pattern '${hostpattern}' supplied, '---' is normally a sign this is a YAML file.`);
      }
    }
    const variables: [string, unknown][] = [];
    for (const t of tokens.slice(1)) {
      const eq = t.indexOf('=');
      if (eq < 0) throw this.error(`Expected key=value host variable assignment, got: ${t}`);
      variables.push([t.slice(0, eq), parseIniValue(t.slice(eq + 1))]);
    }
    return { hosts: names, port, variables };
  }
}
