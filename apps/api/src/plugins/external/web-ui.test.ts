import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../tests/helper.js';

describe('the web UI served by the API', () => {
  let t: TestContext;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drover-web-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    await writeFile(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    t = await buildTestApp({ configOverrides: { webDir: dir } });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and on client-side routes, never cached', async () => {
    for (const url of ['/', '/jobs/12', '/templates/3/edit?x=1']) {
      const r = await t.anonymous.get(url);
      expect(r.status, url).toBe(200);
      expect(String(r.headers['content-type'])).toContain('text/html');
      expect(r.text).toContain('<div id="root">');
      expect(r.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache, and 404 for missing ones', async () => {
    const r = await t.anonymous.get('/assets/app-1234.js');
    expect(r.status).toBe(200);
    expect(r.text).toBe('console.log(1)');
    expect(r.headers['cache-control']).toContain('immutable');
    expect((await t.anonymous.get('/assets/missing.js')).status).toBe(404);
  });

  it('keeps the API answering JSON, also 404 for unknown API paths', async () => {
    expect((await t.admin.api.get('/api/v1/me')).body.username).toBe('admin');
    const r = await t.anonymous.get('/api/v1/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('DRV_API_NOT_FOUND');
  });
});
