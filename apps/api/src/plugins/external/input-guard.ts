/**
 * Rejects text Postgres cannot store before it reaches a route: NUL characters (U+0000) anywhere in the
 * query string or the JSON body, in values or keys. A 400 naming the field, instead of a database error.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { invalid } from '../../errors.js';

function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (depth > 200) return undefined;
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findNul(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return p;
      const found = findNul(v, p, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

async function inputGuard(app: FastifyInstance): Promise<void> {
  app.addHook('preValidation', async (request) => {
    const where = findNul(request.query, '') ?? findNul(request.body, '');
    if (where) throw invalid({ [where]: 'must not contain NUL characters' });
  });
}

export default fp(inputGuard, { name: 'input-guard' });
