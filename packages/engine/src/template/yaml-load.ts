// yaml.safe_load as PyYAML resolves plain scalars (YAML 1.1 without y/n booleans, floats need a dot).

import { parse, parseAllDocuments, type ParseOptions, type SchemaOptions, type DocumentOptions } from 'yaml';
import { FilterError } from './errors.js';
import { PyDatetime } from './py-datetime.js';
import { dictSet, type PyDict } from './py-types.js';

const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?)$/;

type Tag = { tag: string; test?: RegExp; format?: string; default?: boolean; resolve?: (s: string) => unknown };

function customTags(tags: unknown[]): unknown[] {
  const kept = (tags as Tag[]).filter((t) => {
    if (t.tag === 'tag:yaml.org,2002:bool') return false;
    if (t.tag === 'tag:yaml.org,2002:float' && t.format !== 'TIME' && !String(t.test).includes('inf')) return false;
    return true;
  });
  return [
    ...kept,
    { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL_TRUE, resolve: () => true },
    { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL_FALSE, resolve: () => false },
    { tag: 'tag:yaml.org,2002:float', default: true, test: FLOAT, resolve: (s: string) => Number(s.replace(/_/g, '')) },
  ];
}

const OPTS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: 'yaml-1.1',
  customTags: customTags as SchemaOptions['customTags'],
  uniqueKeys: false,
  merge: true,
};

function convert(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(convert);
  if (v instanceof Date) {
    return PyDatetime.fromParts({
      year: v.getUTCFullYear(),
      month: v.getUTCMonth() + 1,
      day: v.getUTCDate(),
      hour: v.getUTCHours(),
      minute: v.getUTCMinutes(),
      second: v.getUTCSeconds(),
      microsecond: v.getUTCMilliseconds() * 1000,
    });
  }
  if (v instanceof Map) {
    const out: PyDict = {};
    for (const [k, x] of v) dictSet(out, String(k), convert(x));
    return out;
  }
  if (v instanceof Set) return [...v].map(convert);
  if (v && typeof v === 'object') {
    const out: PyDict = {};
    for (const [k, x] of Object.entries(v)) dictSet(out, k, convert(x));
    return out;
  }
  return v;
}

export function yamlLoad(text: string): unknown {
  try {
    return convert(parse(text, OPTS));
  } catch (e) {
    throw new FilterError(String((e as Error).message), 'YAMLError');
  }
}

export function yamlLoadAll(text: string): unknown[] {
  try {
    return parseAllDocuments(text, OPTS).map((d) => {
      if ('errors' in d && d.errors.length) throw d.errors[0];
      return convert(d.toJS());
    });
  } catch (e) {
    throw new FilterError(String((e as Error).message), 'YAMLError');
  }
}
