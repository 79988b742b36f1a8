import { readFile } from 'node:fs/promises';
import { DroverError, type SourcePos } from '../errors.js';
import { keyString, loadData, type YNode } from '../inventory/yaml-load.js';

const positions = new WeakMap<object, SourcePos>();
const keyPositions = new WeakMap<object, Map<string, SourcePos>>();

/** Where a mapping or sequence loaded by this module came from. */
export function posOf(value: unknown, fallback: SourcePos): SourcePos {
  return (typeof value === 'object' && value !== null && positions.get(value)) || fallback;
}

/** Where a key of a mapping loaded by this module is written. */
export function keyPosOf(map: unknown, key: string, fallback: SourcePos): SourcePos {
  if (typeof map !== 'object' || map === null) return fallback;
  return keyPositions.get(map)?.get(key) ?? posOf(map, fallback);
}

/** Plain JS values from the loader's nodes, remembering where each mapping, sequence and key is. */
function toValue(n: YNode): unknown {
  switch (n.kind) {
    case 'scalar':
      return n.value;
    case 'seq': {
      const out = n.items.map(toValue);
      positions.set(out, n.pos);
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      const keys = new Map<string, SourcePos>();
      for (const p of n.pairs) {
        const k = keyString(p.key);
        Object.defineProperty(out, k, { value: toValue(p.value), enumerable: true, writable: true, configurable: true });
        keys.set(k, p.key.pos);
      }
      positions.set(out, n.pos);
      keyPositions.set(out, keys);
      return out;
    }
  }
}

/** Parse YAML (or JSON) text the way Ansible's DataLoader does (PyYAML, YAML 1.1), keeping positions. */
export function parseYaml(text: string, file: string): unknown {
  const { root } = loadData(text, file, 'DRV_ENGINE_PARSE');
  return root === undefined ? null : toValue(root);
}

/** Read and parse a YAML (or JSON) file; a missing file is a DRV_ENGINE_MISSING_FILE error. */
export async function loadYamlFile(path: string, _what = 'file'): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new DroverError('DRV_ENGINE_MISSING_FILE', `Could not find or access '${path}' on the Ansible Controller.`, { file: path });
  }
  return parseYaml(text, path);
}
