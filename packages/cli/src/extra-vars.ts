import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DroverError } from '@drover/engine';
import { parse, YAMLParseError } from 'yaml';
import { OptionsError } from './args.js';

/**
 * -e values as Ansible's load_extra_vars reads them, merged left to right (top-level keys replace):
 * `@file` (YAML/JSON), text starting with `{` or `[` (YAML/JSON), otherwise `k=v` pairs.
 */
export async function loadExtraVars(values: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const value of values) {
    if (!value) continue;
    // ansible-playbook makes an @file path absolute when it reads the options
    const v = value.startsWith('@') ? `@${resolve(value.slice(1))}` : value;
    let data: unknown;
    if (v.startsWith('@')) {
      const path = resolve(v.slice(1));
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        throw new DroverError('DRV_ENGINE_MISSING_FILE', `Unable to retrieve file contents\nCould not find or access '${path}' on the controller.`);
      }
      data = parseYaml(text, path);
    } else if (v[0] === '/' || v[0] === '.') {
      throw new OptionsError(`Please prepend extra_vars filename '${v}' with '@'`);
    } else if (v[0] === '{' || v[0] === '[') {
      data = parseYaml(v, undefined);
    } else {
      data = parseKv(v);
    }
    // an empty file or document is None in Ansible, which is not a dictionary either
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new OptionsError(`Invalid extra vars data supplied. '${v}' could not be made into a dictionary`);
    }
    Object.assign(out, data);
  }
  return out;
}

function parseYaml(text: string, file: string | undefined): unknown {
  try {
    return parse(text, { version: '1.1', uniqueKeys: false });
  } catch (e) {
    if (!(e instanceof YAMLParseError)) throw e;
    const at = e.linePos?.[0];
    const reason = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    if (file) throw new DroverError('DRV_ENGINE_PARSE', `Syntax Error while loading YAML: ${reason}`, { file, line: at?.line, column: at?.col });
    const where = at ? ` (line ${at.line}, column ${at.col})` : '';
    throw new DroverError('DRV_ENGINE_PARSE', `Syntax Error while loading YAML from extra vars '${text}'${where}: ${reason}`);
  }
}

/** Python's unicode-escape for the sequences Ansible's _decode_escapes decodes. */
function decodeEscapes(s: string): string {
  const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  return s.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g, (m, e: string) =>
    e.length === 1 ? simple[e]! : String.fromCodePoint(parseInt(e.slice(1), 16)),
  );
}

/** Ansible's split_args, for one line: whitespace-separated words, quotes and Jinja blocks kept whole. */
export function splitArgs(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const two = s.slice(i, i + 2);
    if (quote === undefined && ['{{', '{%', '{#'].includes(two)) {
      depth++;
      cur += two;
      i++;
    } else if (quote === undefined && depth > 0 && ['}}', '%}', '#}'].includes(two)) {
      depth--;
      cur += two;
      i++;
    } else if ((c === '"' || c === "'") && s[i - 1] !== '\\') {
      if (quote === undefined) quote = c;
      else if (quote === c) quote = undefined;
      cur += c;
    } else if (/\s/.test(c) && quote === undefined && depth === 0) {
      if (cur !== '') words.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (quote !== undefined || depth > 0) {
    throw new DroverError('DRV_ENGINE_PARSE', `failed at splitting arguments, either an unbalanced jinja2 block or quotes: ${s}`);
  }
  if (cur !== '') words.push(cur);
  return words;
}

/** Ansible's parse_kv without check_raw: `a=1 b="x y"` → {a: '1', b: 'x y'}; other words → _raw_params. */
export function parseKv(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const raw: string[] = [];
  for (const word of splitArgs(s)) {
    const x = decodeEscapes(word);
    let pos = x.indexOf('=', 1);
    while (pos > 0 && x[pos - 1] === '\\') pos = x.indexOf('=', pos + 1);
    if (pos < 0) {
      raw.push(x.includes('=') ? x.replace(/\\=/g, '=') : word);
      continue;
    }
    const v = x.slice(pos + 1).trim();
    const quoted = v.length > 1 && v[0] === v[v.length - 1] && (v[0] === '"' || v[0] === "'") && v[v.length - 2] !== '\\';
    out[x.slice(0, pos).trim()] = quoted ? v.slice(1, -1) : v;
  }
  if (raw.length > 0) out['_raw_params'] = raw.join(' ');
  return out;
}
