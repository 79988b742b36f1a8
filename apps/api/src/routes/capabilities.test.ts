import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../tests/helper.js';
import { twoTeams, type World } from '../tests/fixtures.js';

describe('summary_fields: user_capabilities and related names', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await twoTeams(t);
  });
  afterAll(async () => t?.close());

  it('says what the caller may do with each object, as the routes decide it', async () => {
    const asAdmin = (await t.admin.api.get(`/api/v1/job_templates/${w.templateA}`)).body;
    expect(asAdmin.summary_fields.user_capabilities).toEqual({ edit: true, delete: true, start: true });
    // user A may launch template A (execute through team A) but not edit or delete it
    const asUser = (await w.userA.api.get(`/api/v1/job_templates/${w.templateA}`)).body;
    expect(asUser.summary_fields.user_capabilities).toEqual({ edit: false, delete: false, start: true });
    expect((await w.userA.api.patch(`/api/v1/job_templates/${w.templateA}`, { description: 'x' })).status).toBe(403);
    const list = (await w.userA.api.get('/api/v1/job_templates')).body;
    expect(list.results.map((r: { summary_fields: { user_capabilities: unknown } }) => r.summary_fields.user_capabilities)).toEqual([{ edit: false, delete: false, start: true }]);
    const project = (await t.admin.api.get(`/api/v1/projects/${w.projectA}`)).body;
    expect(project.summary_fields.user_capabilities).toEqual({ edit: true, delete: true, use: true, update: true });
    const org = (await t.admin.api.get(`/api/v1/organizations/${w.orgA}`)).body;
    expect(org.summary_fields.user_capabilities).toEqual({ edit: true, delete: true });
  });

  it('names the objects each one points at, on lists and details', async () => {
    const list = (await t.admin.api.get('/api/v1/job_templates?order_by=id')).body.results;
    expect(list[0].summary_fields).toMatchObject({ organization: { id: w.orgA, name: 'A' }, project: { id: w.projectA, name: 'proj-a' }, inventory: { id: w.inventoryA, name: 'inv-a' }, credential: null });
    expect(list[1].summary_fields).toMatchObject({ organization: { name: 'B' }, project: { name: 'proj-b' } });
    expect((await t.admin.api.get(`/api/v1/projects/${w.projectA}`)).body.summary_fields).toMatchObject({ organization: { id: w.orgA, name: 'A' }, scm_credential: null });
    expect((await t.admin.api.get(`/api/v1/teams/${w.teamA}`)).body.summary_fields.organization).toEqual({ id: w.orgA, name: 'A' });
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    const named = { job_template: { id: w.templateA, name: 'jt-a' }, project: { id: w.projectA, name: 'proj-a' }, inventory: { id: w.inventoryA, name: 'inv-a' }, credential: null };
    expect((await w.userA.api.get(`/api/v1/jobs/${job.id}`)).body.summary_fields).toMatchObject(named);
    expect((await w.userA.api.get('/api/v1/jobs')).body.results.find((j: { id: number }) => j.id === job.id).summary_fields).toEqual(named);
  });

  it('on a job: cancel for its launcher, relaunch for template executors', async () => {
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    expect((await w.userA.api.get(`/api/v1/jobs/${job.id}`)).body.summary_fields.user_capabilities).toEqual({ cancel: true, relaunch: true });
    const other = await t.createUser('other-a');
    await t.admin.api.post(`/api/v1/teams/${w.teamA}/members`, { user: other.id });
    expect((await other.api.get(`/api/v1/jobs/${job.id}`)).body.summary_fields.user_capabilities).toEqual({ cancel: false, relaunch: true });
    expect((await other.api.post(`/api/v1/jobs/${job.id}/cancel`)).status).toBe(403);
    // the answers of actions carry them too, so a client can show the object it gets back as it is
    const canceled = await w.userA.api.post(`/api/v1/jobs/${job.id}/cancel`);
    expect(canceled.status).toBe(202);
    expect(canceled.body.summary_fields).toMatchObject({ job_template: { id: w.templateA }, user_capabilities: { cancel: true } });
    const synced = await t.admin.api.post(`/api/v1/projects/${w.projectA}/sync`);
    expect(synced.body.summary_fields).toMatchObject({ organization: { id: w.orgA }, user_capabilities: { edit: true, update: true } });
  });
});
