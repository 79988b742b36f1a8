// Template globals: Jinja2's (range, dict, namespace, cycler, joiner) and Ansible's (lookup, query, q,
// now, undef, omit).

import { PyTypeError, PyValueError } from './errors.js';
import { bind, parseSig } from './py-args.js';
import { PyDatetime, strftime } from './py-datetime.js';
import { iterate, truthy } from './py-ops.js';
import { pyStr } from './py-repr.js';
import {
  MISSING,
  Namespace,
  PyFunction,
  PyObject,
  Undefined,
  dictKey,
  dictSet,
  isDict,
  toNum,
  type PyDict,
} from './py-types.js';
import { runLookup, type LookupHost } from './lookups.js';

/** Ansible's omit placeholder. The executor removes task arguments whose value is this string. */
export const OMIT_TOKEN = '__omit_place_holder__drover__';

const MAX_RANGE = 1_000_000;

function pyRange(args: unknown[]): number[] {
  for (const a of args) {
    if (a instanceof Undefined) throw a.error();
    if (!(typeof a === 'number' && Number.isInteger(a)) && typeof a !== 'boolean') {
      throw new PyTypeError(`'${typeof a === 'number' ? 'float' : typeof a === 'string' ? 'str' : 'object'}' object cannot be interpreted as an integer`);
    }
  }
  const n = args.map(toNum);
  let start = 0;
  let stop: number;
  let step = 1;
  if (n.length === 1) stop = n[0];
  else if (n.length === 2 || n.length === 3) [start, stop, step = 1] = n;
  else throw new PyTypeError(`range expected at most 3 arguments, got ${n.length}`);
  if (step === 0) throw new PyValueError('range() arg 3 must not be zero');
  const len = Math.max(0, Math.ceil((stop - start) / step));
  if (len > MAX_RANGE) throw new PyValueError(`range too big, maximum size for range is ${MAX_RANGE}`);
  const out = new Array<number>(len);
  for (let i = 0; i < len; i++) out[i] = start + i * step;
  return out;
}

class Cycler extends PyObject {
  pos = 0;
  constructor(readonly items: unknown[]) {
    super();
  }
  get pyType(): string {
    return 'Cycler';
  }
  override getattr(name: string): unknown {
    switch (name) {
      case 'current':
        return this.items[this.pos];
      case 'next':
        return new PyFunction('next', () => {
          const v = this.items[this.pos];
          this.pos = (this.pos + 1) % this.items.length;
          return v;
        });
      case 'reset':
        return new PyFunction('reset', () => {
          this.pos = 0;
          return null;
        });
      default:
        return MISSING;
    }
  }
}

class Joiner extends PyObject {
  used = false;
  constructor(readonly sep: string) {
    super();
  }
  get pyType(): string {
    return 'Joiner';
  }
  override call(): unknown {
    if (!this.used) {
      this.used = true;
      return '';
    }
    return this.sep;
  }
}

function pyDict(args: unknown[], kwargs: PyDict): PyDict {
  if (args.length > 1) throw new PyTypeError(`dict expected at most 1 argument, got ${args.length}`);
  const d: PyDict = {};
  if (args.length) {
    const src = args[0];
    if (isDict(src)) Object.assign(d, src);
    else {
      iterate(src).forEach((pair, i) => {
        const kv = iterate(pair);
        if (kv.length !== 2) {
          throw new PyValueError(`dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
        }
        dictSet(d, dictKey(kv[0]), kv[1]);
      });
    }
  }
  for (const k of Object.keys(kwargs)) dictSet(d, k, kwargs[k]);
  return d;
}

const NOW_SIG = parseSig('now', 'utc=False, fmt=None');
const JOINER_SIG = parseSig('joiner', "sep=', '");

const STATIC_GLOBALS: Record<string, unknown> = {
  range: new PyFunction('range', (args) => pyRange(args)),
  dict: new PyFunction('dict', (args, kwargs) => pyDict(args, kwargs), 'type'),
  namespace: new PyFunction('namespace', (args, kwargs) => new Namespace(pyDict(args, kwargs)), 'type'),
  cycler: new PyFunction('cycler', (args) => {
    if (!args.length) throw new PyTypeError('at least one item has to be provided');
    return new Cycler(args);
  }),
  joiner: new PyFunction('joiner', (args, kwargs) => new Joiner(pyStr(bind(JOINER_SIG, args, kwargs)[0]))),
  now: new PyFunction('now', (args, kwargs) => {
    const [utc, fmt] = bind(NOW_SIG, args, kwargs);
    const dt = PyDatetime.now(truthy(utc));
    if (fmt !== null && fmt !== undefined) return strftime(pyStr(fmt), dt.parts, dt.timestamp());
    return dt;
  }),
  undef: new PyFunction('undef', (args) => {
    const hint = args[0];
    if (hint === undefined || hint === null || hint instanceof Undefined || hint === '') {
      return new Undefined('Mandatory variable has not been overridden');
    }
    return new Undefined(pyStr(hint));
  }),
  omit: OMIT_TOKEN,
};

/** Resolves a global for a render; lookup/query need the current host. */
export function makeGlobals(getHost: () => LookupHost): (name: string) => unknown {
  let lookup: PyFunction | undefined;
  let query: PyFunction | undefined;
  return (name) => {
    switch (name) {
      case 'lookup':
        return (lookup ??= new PyFunction('lookup', (args, kwargs) => {
          if (!args.length) throw new PyTypeError("_lookup() missing 1 required positional argument: 'name'");
          return runLookup(getHost(), args[0], args.slice(1), kwargs, false);
        }));
      case 'query':
      case 'q':
        return (query ??= new PyFunction('query', (args, kwargs) => {
          if (!args.length) throw new PyTypeError("_query_lookup() missing 1 required positional argument: 'name'");
          return runLookup(getHost(), args[0], args.slice(1), kwargs, true);
        }));
      default:
        return Object.hasOwn(STATIC_GLOBALS, name) ? STATIC_GLOBALS[name] : MISSING;
    }
  };
}
