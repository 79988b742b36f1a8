/**
 * Host pattern evaluation, as ansible-core 2.14's InventoryManager.get_hosts does it
 * (_evaluate_patterns, _match_one_pattern, _enumerate_matches, subset for --limit).
 */
import { DroverError } from '../errors.js';
import { LOCALHOST_NAMES, type Host, type InventoryData } from './model.js';
import { applySubscript, fnmatchToRegExp, orderPatterns, pythonRegExp, splitHostPattern, splitSubscript } from './patterns.js';

export type HostOrder = 'inventory' | 'reverse_inventory' | 'sorted' | 'reverse_sorted' | 'shuffle';

export interface SelectOptions {
  /** the play's `order:` keyword (default 'inventory') */
  order?: HostOrder;
  /** ignore the --limit subset (Ansible's ignore_limits) */
  ignoreLimit?: boolean;
}

interface Match {
  hosts: Host[];
  warnings: string[];
}

const GLOB_CHARS = /[.?*[]/;

function patternError(message: string): DroverError {
  return new DroverError('DRV_ENGINE_INVENTORY', message);
}

export class HostSelector {
  private readonly patternCache = new Map<string, Match>();
  private readonly resultCache = new Map<string, Match>();
  subset: string[] | undefined;

  constructor(
    private readonly data: InventoryData,
    /** get_host(): inventory host, or the (implicit) localhost for 'localhost', '127.0.0.1', '::1' */
    private readonly lookup: (name: string) => Host | undefined,
  ) {}

  clearCaches(): void {
    this.patternCache.clear();
    this.resultCache.clear();
  }

  /** get_hosts(pattern) */
  select(pattern: string | readonly string[], opts: SelectOptions = {}): { hosts: Host[]; warnings: string[] } {
    const list = typeof pattern === 'string' ? [pattern] : [...pattern];
    if (list.length === 0) return { hosts: [], warnings: [] };
    const subset = opts.ignoreLimit ? undefined : this.subset;
    const key = JSON.stringify([list, subset ?? null]);
    let res = this.resultCache.get(key);
    if (!res) {
      const warnings: string[] = [];
      let hosts = this.evaluate(splitHostPattern(pattern), warnings);
      if (subset) {
        const allowed = new Set(this.evaluate(subset, warnings));
        hosts = hosts.filter((h) => allowed.has(h));
      }
      res = { hosts: [...new Set(hosts)], warnings: [...new Set(warnings)] };
      this.resultCache.set(key, res);
    }
    return { hosts: applyOrder(res.hosts, opts.order), warnings: [...res.warnings] };
  }

  /** _evaluate_patterns(): positive patterns add, '&' intersects, '!' removes, in order_patterns() order. */
  private evaluate(patterns: readonly string[], warnings: string[]): Host[] {
    let hosts: Host[] = [];
    let present = new Set<Host>();
    for (const p of orderPatterns(patterns)) {
      const exact = this.data.hosts.get(p);
      if (exact) {
        if (!present.has(exact)) {
          hosts.push(exact);
          present.add(exact);
        }
        continue;
      }
      const that = this.matchOne(p);
      warnings.push(...that.warnings);
      if (p[0] === '!') {
        const drop = new Set(that.hosts);
        hosts = hosts.filter((h) => !drop.has(h));
        present = new Set(hosts);
      } else if (p[0] === '&') {
        const keep = new Set(that.hosts);
        hosts = hosts.filter((h) => keep.has(h));
        present = new Set(hosts);
      } else {
        for (const h of that.hosts) {
          if (present.has(h)) continue;
          hosts.push(h);
          present.add(h);
        }
      }
    }
    return hosts;
  }

  /** _match_one_pattern(): one pattern without its '&'/'!' prefix, with an optional [subscript]. */
  private matchOne(raw: string): Match {
    const pattern = raw[0] === '&' || raw[0] === '!' ? raw.slice(1) : raw;
    let m = this.patternCache.get(pattern);
    if (!m) {
      const warnings: string[] = [];
      const { expr, subscript } = splitSubscript(pattern);
      if (subscript?.dash) warnings.push('Use [x:y] inclusive subscripts instead of [x-y] which has been removed');
      const found = expr ? this.enumerate(expr, warnings) : [];
      const hosts = applySubscript(found, subscript);
      if (!hosts) throw patternError(`No hosts matched the subscripted pattern '${pattern}'`);
      m = { hosts, warnings };
      this.patternCache.set(pattern, m);
    }
    return m;
  }

  /** _enumerate_matches(): groups whose name matches, plus hosts whose name matches. */
  private enumerate(pattern: string, warnings: string[]): Host[] {
    const re = pattern[0] === '~' ? pythonRegExp(pattern.slice(1)) : fnmatchToRegExp(pattern);
    if (!re) throw patternError(`Invalid host list pattern: ${pattern}`);
    const results: Host[] = [];
    const matchingGroups = [...this.data.groups.keys()].filter((g) => re.test(g));
    for (const g of matchingGroups) results.push(...this.data.groups.get(g)!.getHosts());
    if (matchingGroups.length === 0 || pattern[0] === '~' || GLOB_CHARS.test(pattern)) {
      for (const [name, h] of this.data.hosts) if (re.test(name)) results.push(h);
    }
    if (results.length === 0 && LOCALHOST_NAMES.includes(pattern)) {
      const implicit = this.lookup(pattern);
      if (implicit) results.push(implicit);
    }
    if (results.length === 0 && matchingGroups.length === 0 && pattern !== 'all') {
      warnings.push(`Could not match supplied host pattern, ignoring: ${pattern}`);
    }
    return results;
  }
}

function applyOrder(hosts: Host[], order: HostOrder | undefined): Host[] {
  switch (order ?? 'inventory') {
    case 'inventory':
      return [...hosts];
    case 'reverse_inventory':
      return [...hosts].reverse();
    case 'sorted':
      return [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    case 'reverse_sorted':
      return [...hosts].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    case 'shuffle': {
      const out = [...hosts];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    }
    default:
      throw new DroverError('DRV_ENGINE_PARSE', `Invalid 'order' specified for inventory hosts: ${String(order)}`);
  }
}
