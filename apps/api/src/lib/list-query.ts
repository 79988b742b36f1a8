/**
 * AWX-style list queries: `?page=&page_size=` (default 25, at most 200), filters `?field=value` and
 * `?field__lookup=value` (exact, iexact, contains, icontains, startswith, istartswith, endswith,
 * iendswith, gt, gte, lt, lte, in, isnull; a `not__` prefix negates), `?search=` over the resource's
 * search fields, and `?order_by=a,-b` (always followed by `id` so pages are stable).
 * Unknown fields, bad values and lookups a field does not support are 400 naming the parameter.
 */
import { invalid, notFound } from '../errors.js';

export type FieldType = 'string' | 'int' | 'float' | 'bool' | 'date' | 'enum';

export interface FieldSpec {
  /** Prisma field name (default: the API name in camelCase). */
  column?: string;
  type: FieldType;
  /** Allowed values (enum fields). */
  values?: readonly string[];
  /** Convert the API value to the stored one (e.g. job_type run/check -> checkMode boolean). */
  map?: (value: string) => unknown;
  /** false: the field cannot be filtered on (secrets, JSON blobs). */
  filter?: boolean;
}

export interface ListSpec {
  fields: Readonly<Record<string, FieldSpec>>;
  /** Default ordering, e.g. 'name' or '-id'. */
  defaultOrder: string;
  /** Fields `?search=` looks at (Prisma names). */
  search?: readonly string[];
}

export interface ListQuery {
  where: Record<string, unknown>;
  orderBy: Array<Record<string, 'asc' | 'desc'>>;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 200;
const RESERVED = new Set(['page', 'page_size', 'order_by', 'order', 'search', 'format', 'count_disabled']);
const LOOKUPS = new Set(['exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'gt', 'gte', 'lt', 'lte', 'in', 'isnull']);
const TEXT_LOOKUPS = new Set(['iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith']);
const INT32_MAX = 2_147_483_647;

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function single(raw: unknown): string {
  if (Array.isArray(raw)) return String(raw[raw.length - 1] ?? '');
  return String(raw ?? '');
}

export function parsePositiveInt(raw: unknown, name: string, max = INT32_MAX): number {
  const s = single(raw);
  if (!/^\d{1,10}$/.test(s) || Number(s) < 1 || Number(s) > max) throw invalid({ [name]: `must be an integer between 1 and ${max}` });
  return Number(s);
}

function convert(param: string, spec: FieldSpec, value: string): unknown {
  if (spec.map) return spec.map(value);
  switch (spec.type) {
    case 'string':
      return value;
    case 'int': {
      if (!/^-?\d{1,10}$/.test(value) || Math.abs(Number(value)) > INT32_MAX) throw invalid({ [param]: 'must be an integer' });
      return Number(value);
    }
    case 'float': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw invalid({ [param]: 'must be a number' });
      return n;
    }
    case 'bool': {
      const v = value.toLowerCase();
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      throw invalid({ [param]: 'must be true, false, 1 or 0' });
    }
    case 'date': {
      const d = new Date(value);
      if (Number.isNaN(d.getTime())) throw invalid({ [param]: 'must be an ISO-8601 date' });
      return d;
    }
    case 'enum':
      if (!spec.values?.includes(value)) throw invalid({ [param]: `must be one of ${spec.values?.join(', ')}` });
      return value;
  }
}

function condition(param: string, spec: FieldSpec, lookup: string, raw: string): unknown {
  if (lookup === 'isnull') {
    const v = convert(param, { type: 'bool' }, raw);
    return v ? null : { not: null };
  }
  if (TEXT_LOOKUPS.has(lookup)) {
    if (spec.type !== 'string') throw invalid({ [param]: `the ${lookup} lookup applies to text fields only` });
    const insensitive = lookup.startsWith('i');
    const op = ({ iexact: 'equals', contains: 'contains', icontains: 'contains', startswith: 'startsWith', istartswith: 'startsWith', endswith: 'endsWith', iendswith: 'endsWith' } as const)[
      lookup as 'iexact'
    ];
    return { [op]: raw, ...(insensitive ? { mode: 'insensitive' } : {}) };
  }
  if (lookup === 'in') {
    const values = raw.split(',').map((v) => convert(param, spec, v));
    return { in: values };
  }
  const value = convert(param, spec, raw);
  if (lookup === 'exact') return value;
  if ((spec.type === 'bool' || spec.type === 'enum') && lookup !== 'exact') throw invalid({ [param]: `the ${lookup} lookup does not apply to this field` });
  return { [lookup]: value };
}

export function parseListQuery(query: Readonly<Record<string, unknown>>, spec: ListSpec, opts: { paged?: boolean } = {}): ListQuery {
  const and: Array<Record<string, unknown>> = [];
  for (const [param, rawValue] of Object.entries(query)) {
    if (RESERVED.has(param) || rawValue === undefined) continue;
    let name = param;
    let negate = false;
    if (name.startsWith('not__')) {
      negate = true;
      name = name.slice(5);
    }
    let lookup = 'exact';
    const m = /^(.*?)__([a-z]+)$/.exec(name);
    if (m && LOOKUPS.has(m[2]!)) {
      name = m[1]!;
      lookup = m[2]!;
    }
    const field = spec.fields[name];
    if (!field) throw invalid({ [param]: 'unknown field' }, `cannot filter on ${param}: unknown field`);
    if (field.filter === false) throw invalid({ [param]: 'filtering on this field is not allowed' });
    const cond = { [field.column ?? camel(name)]: condition(param, field, lookup, single(rawValue)) };
    and.push(negate ? { NOT: cond } : cond);
  }
  const search = query['search'];
  if (search !== undefined && spec.search?.length) {
    const term = single(search);
    and.push({ OR: spec.search.map((f) => ({ [f]: { contains: term, mode: 'insensitive' } })) });
  }

  const orderBy: Array<Record<string, 'asc' | 'desc'>> = [];
  const orderRaw = query['order_by'] ?? query['order'];
  const order = orderRaw === undefined ? spec.defaultOrder : single(orderRaw);
  for (const part of order.split(',').map((s) => s.trim()).filter(Boolean)) {
    const desc = part.startsWith('-');
    const name = desc ? part.slice(1) : part;
    const field = spec.fields[name];
    if (!field || field.filter === false) throw invalid({ order_by: `cannot order by ${name}` });
    orderBy.push({ [field.column ?? camel(name)]: desc ? 'desc' : 'asc' });
  }
  if (!orderBy.some((o) => 'id' in o)) orderBy.push({ id: 'asc' });

  let page = 1;
  let pageSize = DEFAULT_PAGE_SIZE;
  if (opts.paged !== false) {
    if (query['page'] !== undefined) page = parsePositiveInt(query['page'], 'page', 10_000_000);
    if (query['page_size'] !== undefined) pageSize = Math.min(parsePositiveInt(query['page_size'], 'page_size', 1_000_000), MAX_PAGE_SIZE);
  }
  return { where: and.length ? { AND: and } : {}, orderBy, page, pageSize };
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** Combines Prisma `where` fragments (undefined ones are ignored). */
export function whereAll(...parts: Array<Record<string, unknown> | undefined>): Record<string, unknown> {
  const defined = parts.filter((p): p is Record<string, unknown> => p !== undefined && Object.keys(p).length > 0);
  if (defined.length === 0) return {};
  if (defined.length === 1) return defined[0]!;
  return { AND: defined };
}

/** The URL of another page of the same list (server-relative, query kept). */
export function pageUrl(url: string, page: number): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('page', String(page));
  return `${u.pathname}?${u.searchParams.toString()}`;
}

/**
 * Runs a paged list: `count` and `find` get the combined where; rows go through `present`.
 * A page past the end is 404, as in AWX (page 1 of an empty list is fine).
 */
export async function paginate<Row, Out>(
  url: string,
  q: ListQuery,
  baseWhere: Record<string, unknown> | undefined,
  ops: {
    count: (args: { where: Record<string, unknown> }) => Promise<number>;
    find: (args: { where: Record<string, unknown>; orderBy: ListQuery['orderBy']; skip: number; take: number }) => Promise<Row[]>;
  },
  present: (row: Row) => Out | Promise<Out>,
): Promise<Page<Out>> {
  const where = whereAll(baseWhere, q.where);
  const count = await ops.count({ where });
  const lastPage = Math.max(1, Math.ceil(count / q.pageSize));
  if (q.page > lastPage) throw notFound('page');
  const rows = await ops.find({ where, orderBy: q.orderBy, skip: (q.page - 1) * q.pageSize, take: q.pageSize });
  const results: Out[] = [];
  for (const r of rows) results.push(await present(r));
  return {
    count,
    next: q.page < lastPage ? pageUrl(url, q.page + 1) : null,
    previous: q.page > 1 ? pageUrl(url, q.page - 1) : null,
    results,
  };
}
