// Helpers to declare filters and tests with Python signatures.

import { bind, parseSig } from './py-args.js';
import { Undefined, type PyDict } from './py-types.js';
import type { FilterImpl, RenderContext, TestImpl } from './runtime.js';

export interface DefOptions {
  /** The filter accepts an undefined input value (default, mandatory, ...). */
  undefinedOk?: boolean;
  /** Undefined arguments are passed through instead of raising immediately. */
  lazyArgs?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyImpl = (ctx: RenderContext, value: any, ...args: any[]) => unknown;

export function defFilter(name: string, spec: string, impl: AnyImpl, opts: DefOptions = {}): FilterImpl {
  const sig = parseSig(name, spec);
  return (ctx, value, args, kwargs: PyDict) => {
    if (!opts.undefinedOk && value instanceof Undefined) throw value.error();
    const bound = bind(sig, args, kwargs);
    if (!opts.lazyArgs) for (const a of bound) if (a instanceof Undefined) throw a.error();
    return impl(ctx, value, ...bound);
  };
}

export function defTest(name: string, spec: string, impl: AnyImpl, opts: DefOptions = { undefinedOk: true }): TestImpl {
  const f = defFilter(name, spec, impl, opts);
  return (ctx, value, args, kwargs) => Boolean(f(ctx, value, args, kwargs));
}

export type FilterTable = Record<string, FilterImpl>;
export type TestTable = Record<string, TestImpl>;
