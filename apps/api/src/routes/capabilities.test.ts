import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../tests/helper.js';
import { twoTeams, type World } from '../tests/fixtures.js';

describe('summary_fields.user_capabilities', () => {
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
    expect(list.results.map((r: { summary_fields: unknown }) => r.summary_fields)).toEqual([{ user_capabilities: { edit: false, delete: false, start: true } }]);
    const project = (await t.admin.api.get(`/api/v1/projects/${w.projectA}`)).body;
    expect(project.summary_fields.user_capabilities).toEqual({ edit: true, delete: true, use: true, update: true });
    const org = (await t.admin.api.get(`/api/v1/organizations/${w.orgA}`)).body;
    expect(org.summary_fields.user_capabilities).toEqual({ edit: true, delete: true });
  });

  it('on a job: cancel for its launcher, relaunch for template executors', async () => {
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    expect((await w.userA.api.get(`/api/v1/jobs/${job.id}`)).body.summary_fields.user_capabilities).toEqual({ cancel: true, relaunch: true });
    const other = await t.createUser('other-a');
    await t.admin.api.post(`/api/v1/teams/${w.teamA}/members`, { user: other.id });
    expect((await other.api.get(`/api/v1/jobs/${job.id}`)).body.summary_fields.user_capabilities).toEqual({ cancel: false, relaunch: true });
    expect((await other.api.post(`/api/v1/jobs/${job.id}/cancel`)).status).toBe(403);
  });
});
