/**
 * Every documented route, fed malformed bodies and odd query strings: never a 500, always the envelope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from './helper.js';
import { twoTeams, type World } from './fixtures.js';

const BODIES = [
  '{',
  '[]',
  '"text"',
  'null',
  'true',
  '12',
  '{"name": 1e400, "organization": 1e400, "id": -1}',
  '{"name": {"$gt": ""}, "organization": "1", "inputs": [1], "variables": 7, "extra_vars": [1], "survey_spec": "x"}',
  '{"__proto__": {"isSuperuser": true}, "constructor": {"prototype": {"x": 1}}}',
  JSON.stringify({ name: 'x'.repeat(100_000), description: '\u0000\ud800', organization: 99_999_999_999 }),
  '['.repeat(5000) + ']'.repeat(5000),
  '{"name": "nul\\u0000name", "organization": 1, "project": 1, "playbook": "site.yml", "text": "a\\u0000b", "user": 1, "id": 1}',
];
const QUERIES = ['?page=-1', '?page=abc', '?page_size=0', '?order_by=;DROP TABLE users', '?id__in=a,b', '?id__gt=1e400', '?name__regex=(', '?created__gt=notadate', '?not__=1', '?__=1', '?search=%00', '?counter__gt=-5&limit=99999999'];

describe('robustness', () => {
  let t: TestContext;
  let w: World;
  let routes: Array<{ method: string; path: string }>;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await twoTeams(t);
    const doc = (await t.anonymous.get('/api/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
  });
  afterAll(async () => t?.close());

  const fill = (path: string, id: number) => path.replace(/\{[a-zA-Z]+\}/g, String(id));

  it('never answers 500 to malformed bodies', async () => {
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.method !== 'GET' && x.method !== 'DELETE')) {
      for (const id of [w.templateA, job.id, 424242]) {
        for (const body of BODIES) {
          const res = await t.admin.api.raw({ method: r.method as 'POST', url: fill(r.path, id), payload: body, headers: { 'content-type': 'application/json' } });
          if (res.status >= 500 || !res.body?.error?.code) {
            if (res.status < 300) continue; // a body some routes accept (e.g. an empty launch)
            failures.push(`${r.method} ${fill(r.path, id)} ${body.slice(0, 40)} -> ${res.status} ${res.text.slice(0, 200)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 500 to odd query strings', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET')) {
      for (const q of QUERIES) {
        const res = await t.admin.api.get(fill(r.path, w.templateA) + q);
        if (res.status >= 500) failures.push(`GET ${fill(r.path, w.templateA)}${q} -> ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
