import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../tests/helper.js';
import { twoTeams, type World } from '../../tests/fixtures.js';

describe('GET /dashboard', () => {
  let t: TestContext;
  let w: World;
  const day = (n: number) => new Date(Date.now() - n * 24 * 3600 * 1000);
  beforeAll(async () => {
    t = await buildTestApp();
    w = await twoTeams(t);
    const finish = async (template: number, user: typeof w.userA, status: string, at: Date, hosts: Array<[string, number, number]> = []) => {
      const job = (await user.api.post(`/api/v1/job_templates/${template}/launch`)).body;
      await t.app.db.job.update({ where: { id: job.id }, data: { status: status as never, finishedAt: at } });
      for (const [hostName, failures, dark] of hosts) await t.app.db.jobHostSummary.create({ data: { jobId: job.id, hostName, failures, dark, failed: failures + dark > 0 } });
      return job.id as number;
    };
    await finish(w.templateA, w.userA, 'successful', day(0), [['a1', 0, 0]]);
    await finish(w.templateA, w.userA, 'failed', day(1), [['a1', 1, 0], ['a2', 0, 1]]);
    await finish(w.templateA, w.userA, 'successful', day(30));
    await finish(w.templateB, w.userB, 'failed', day(0), [['b1', 2, 0]]);
    await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`); // still pending
  });
  afterAll(async () => t?.close());

  it('counts, graphs and lists only what the caller can read', async () => {
    const r = await w.userA.api.get('/api/v1/dashboard?days=7');
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.jobs).toEqual({ total: 4, pending: 1, waiting: 0, running: 0, successful: 2, failed: 1, error: 0, canceled: 0 });
    expect(d.job_graph).toHaveLength(7);
    expect(d.job_graph.at(-1)).toMatchObject({ date: new Date().toISOString().slice(0, 10), successful: 1, failed: 0 });
    expect(d.job_graph.at(-2)).toMatchObject({ successful: 0, failed: 1 });
    expect(d.recent_jobs).toHaveLength(4);
    expect(d.recent_jobs[0].status).toBe('pending');
    // a1 recovered in its latest run; a2 was unreachable; b1 belongs to team B
    expect(d.failed_hosts.map((h: { host: string; dark: number }) => [h.host, h.dark])).toEqual([['a2', 1]]);
    expect(d.counts).toMatchObject({ job_templates: 1, projects: 0, inventories: 0 });
  });

  it('shows a superuser everything, and validates days', async () => {
    const d = (await t.admin.api.get('/api/v1/dashboard')).body;
    expect(d.jobs.total).toBe(5);
    expect(d.job_graph).toHaveLength(14);
    expect(d.failed_hosts.map((h: { host: string }) => h.host).sort()).toEqual(['a2', 'b1']);
    expect(d.counts).toEqual({ projects: 2, inventories: 2, hosts: 2, job_templates: 2, credentials: 0 });
    const bad = await t.admin.api.get('/api/v1/dashboard?days=0');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toContain('days');
  });
});
