import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../tests/helper.js';
import { fakeEvents, twoTeams, type World } from '../../tests/fixtures.js';

describe('metrics and the activity stream', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await twoTeams(t);
  });
  afterAll(async () => t?.close());

  it('serves Prometheus text: jobs by status, queue depth, events stored', async () => {
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    await fakeEvents(t, job.id, [{ event: 'playbook_on_start' }, { event: 'warning' }]);
    const r = await t.anonymous.get('/metrics');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('text/plain');
    expect(r.text).toMatch(/^drover_jobs\{status="pending"\} 1$/m);
    expect(r.text).toMatch(/^drover_jobs\{status="running"\} 0$/m);
    expect(r.text).toMatch(/^drover_queue_jobs\{state="waiting"\} 1$/m);
    expect(r.text).toMatch(/^drover_job_events_stored_total 2$/m);
    expect(r.text).toMatch(/^drover_job_events_insert_rate /m);
    expect(r.text).toMatch(/^drover_http_requests_total\{method="POST",route="\/api\/v1\/job_templates\/:id\/launch",status="201"\} 1$/m);
  });

  it('records create, update, delete and launch with changed fields, secrets redacted', async () => {
    const cred = (await t.admin.api.post('/api/v1/credentials', { name: 'c', organization: w.orgA, kind: 'machine', inputs: { username: 'u', password: 'pw-one-1' } })).body;
    await t.admin.api.patch(`/api/v1/credentials/${cred.id}`, { description: 'now described', inputs: { password: 'pw-two-2' } });
    await t.admin.api.delete(`/api/v1/credentials/${cred.id}`);
    const rows = (await t.admin.api.get(`/api/v1/activity_stream?object_type=credential&object_id=${cred.id}&order_by=id`)).body.results;
    expect(rows.map((r: { operation: string }) => r.operation)).toEqual(['create', 'update', 'delete']);
    expect(rows[0].changes).toMatchObject({ name: 'c', inputs: { username: 'u', password: 'hidden' } });
    expect(rows[1].changes.description).toEqual(['', 'now described']);
    expect(rows[1].changes.inputs).toEqual([{ username: 'u', password: 'hidden' }, { username: 'u', password: 'hidden' }]);
    expect(rows[1].actor_name).toBe('admin');
    const text = JSON.stringify(await t.app.db.activityStream.findMany());
    expect(text).not.toMatch(/pw-one-1|pw-two-2|AESGCM/);
    const launches = (await t.admin.api.get('/api/v1/activity_stream?operation=launch')).body;
    expect(launches.count).toBe(1);
    // users see their own actions only
    const mine = (await w.userA.api.get('/api/v1/activity_stream')).body.results;
    expect(mine.every((r: { actor: number }) => r.actor === w.userA.id)).toBe(true);
    expect(mine.map((r: { operation: string }) => r.operation)).toContain('launch');
  });
});
