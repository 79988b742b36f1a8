import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCRYPTED_PREFIX, SecretBox } from '../../plugins/app/secret-box.js';
import { launchSecretsKey, launchSecretsPurpose } from '../../plugins/app/jobs.service.js';
import { buildTestApp, type TestContext } from '../../tests/helper.js';
import { fakeEvents, twoTeams, type World } from '../../tests/fixtures.js';

describe('job templates, launch, jobs and RBAC', () => {
  let t: TestContext;
  let w: World;
  beforeAll(async () => {
    t = await buildTestApp();
    w = await twoTeams(t);
  });
  afterAll(async () => t?.close());

  it("keeps team B's template, jobs and events away from team A (404, never 403)", async () => {
    const a = w.userA.api;
    expect((await a.get('/api/v1/job_templates')).body.results.map((x: { name: string }) => x.name)).toEqual(['jt-a']);
    expect((await a.get(`/api/v1/job_templates/${w.templateB}`)).status).toBe(404);
    expect((await a.get(`/api/v1/job_templates/${w.templateB}/launch`)).status).toBe(404);
    const launchB = await a.post(`/api/v1/job_templates/${w.templateB}/launch`, {});
    expect(launchB.status).toBe(404);
    expect(launchB.body.error.code).toBe('DRV_API_NOT_FOUND');

    const jobB = await w.userB.api.post(`/api/v1/job_templates/${w.templateB}/launch`, {});
    expect(jobB.status).toBe(201);
    await fakeEvents(t, jobB.body.id, [{ event: 'playbook_on_start' }, { event: 'runner_on_ok', host: 'b1' }]);
    expect((await a.get(`/api/v1/jobs/${jobB.body.id}`)).status).toBe(404);
    expect((await a.get(`/api/v1/jobs/${jobB.body.id}/job_events`)).status).toBe(404);
    expect((await a.get(`/api/v1/jobs/${jobB.body.id}/stdout`)).status).toBe(404);
    expect((await a.post(`/api/v1/jobs/${jobB.body.id}/cancel`)).status).toBe(404);
    expect((await a.post(`/api/v1/jobs/${jobB.body.id}/relaunch`, {})).status).toBe(404);
    expect((await a.get('/api/v1/jobs')).body.count).toBe(0);
    expect((await w.userB.api.get(`/api/v1/jobs/${jobB.body.id}/job_events`)).body.results).toHaveLength(2);

    // executing is not administering
    expect((await a.patch(`/api/v1/job_templates/${w.templateA}`, { forks: 9 })).status).toBe(403);
    expect((await a.get(`/api/v1/projects/${w.projectB}`)).status).toBe(404);
  });

  it('launches: 201 with the job, pending, queued with {jobId} only', async () => {
    const info = await w.userA.api.get(`/api/v1/job_templates/${w.templateA}/launch`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ can_start_without_user_input: true, ask_limit_on_launch: false, inventory_needed_to_start: false, defaults: { inventory: { id: w.inventoryA, name: 'inv-a' } } });
    const r = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`);
    expect(r.status).toBe(201);
    expect(r.headers['location']).toBe(`/api/v1/jobs/${r.body.id}`);
    expect(r.body).toMatchObject({ type: 'job', job: r.body.id, status: 'pending', job_template: w.templateA, inventory: w.inventoryA, playbook: 'site.yml', launch_type: 'manual', created_by: w.userA.id });
    const queued = await t.app.jobsQueue.getJob(`job-${r.body.id}`);
    expect(queued?.data).toEqual({ jobId: r.body.id });
    const changes = await t.app.db.jobStatusChange.findMany({ where: { jobId: r.body.id }, orderBy: { id: 'asc' } });
    expect(changes.map((c) => [c.from, c.to])).toEqual([[null, 'new'], ['new', 'pending']]);
    expect((await w.userA.api.get('/api/v1/jobs')).body.results.map((j: { id: number }) => j.id)).toContain(r.body.id);
    const activity = await t.app.db.activityStream.findFirst({ where: { operation: 'launch', objectId: w.templateA } });
    expect(activity?.changes).toMatchObject({ job: r.body.id });
  });

  it('rejects, naming each one, fields the template does not prompt for', async () => {
    await t.admin.api.patch(`/api/v1/job_templates/${w.templateA}`, { ask_limit_on_launch: true, limit: 'a1' });
    const r = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { limit: 'a1,a2', forks: 3, job_tags: 'x', verbosity: 0, extra_vars: { foo: 1, bar: 2 }, colour: 'red' });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual({ colour: 'unknown field' });
    const r2 = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { limit: 'a1,a2', forks: 3, job_tags: 'x', verbosity: 0, extra_vars: { foo: 1, bar: 2 } });
    expect(r2.status).toBe(400);
    expect(Object.keys(r2.body.error.fields).sort()).toEqual(['extra_vars.bar', 'extra_vars.foo', 'forks', 'job_tags']);
    // AWX's behaviour on request
    const lax = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch?strict=false`, { limit: 'a1,a2', forks: 3 });
    expect(lax.status).toBe(201);
    expect(lax.body).toMatchObject({ limit: 'a1,a2', forks: 5, ignored_fields: { forks: 3 } });
    const huge = await w.userA.api.raw({ method: 'POST', url: `/api/v1/job_templates/${w.templateA}/launch`, payload: '{"forks": 1e400}', headers: { 'content-type': 'application/json' } });
    expect(huge.status).toBe(400);
    expect(huge.body.error.fields).toHaveProperty('forks');
    const big = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { forks: 99999999999 });
    expect(big.status).toBe(400);
  });

  it('validates survey specs on save and answers at launch', async () => {
    const bad = await t.admin.api.patch(`/api/v1/job_templates/${w.templateA}`, {
      survey_enabled: true,
      survey_spec: {
        name: 's', description: '', spec: [
          { question_name: 'n', variable: 'count', type: 'integer', required: true, default: 'ten' },
          { question_name: 'c', variable: 'colour', type: 'multiplechoice', required: false, choices: ['red', 'blue'], default: 'green' },
          { question_name: 'd', variable: 'count', type: 'text', required: false },
          { question_name: 'e', variable: 'x', type: 'checkbox', required: false },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['survey_spec.spec.0.default', 'survey_spec.spec.1.default', 'survey_spec.spec.2.variable', 'survey_spec.spec.3.type']);

    const ok = await t.admin.api.patch(`/api/v1/job_templates/${w.templateA}`, {
      survey_enabled: true,
      survey_spec: {
        name: 's', description: 'd', spec: [
          { question_name: 'How many', variable: 'count', type: 'integer', required: true, min: 1, max: 10 },
          { question_name: 'Colour', variable: 'colour', type: 'multiplechoice', required: true, choices: 'red\nblue' },
          { question_name: 'Regions', variable: 'regions', type: 'multiselect', required: false, choices: ['eu', 'us'], default: ['eu'] },
          { question_name: 'Name', variable: 'who', type: 'text', required: true, min: 2, max: 5 },
          { question_name: 'Secret', variable: 'api_key', type: 'password', required: true, default: 'default-secret' },
        ],
      },
    });
    expect(ok.status).toBe(200);
    const q = ok.body.survey_spec.spec;
    expect(q[1].choices).toEqual(['red', 'blue']);
    expect(q[4].default).toBe('$encrypted$');
    const stored = await t.app.db.jobTemplate.findUniqueOrThrow({ where: { id: w.templateA } });
    expect(JSON.stringify(stored.surveySpec)).not.toContain('default-secret');
    expect(JSON.stringify(stored.surveySpec)).toContain(ENCRYPTED_PREFIX);
    // sending the spec back with $encrypted$ keeps the default
    const again = await t.admin.api.patch(`/api/v1/job_templates/${w.templateA}`, { survey_spec: ok.body.survey_spec });
    expect(again.status).toBe(200);

    const info = await w.userA.api.get(`/api/v1/job_templates/${w.templateA}/launch`);
    expect(info.body.variables_needed_to_start).toEqual(['count', 'colour', 'who']);
    expect(info.body.can_start_without_user_input).toBe(false);
    expect(info.body.survey_json_schema).toMatchObject({
      type: 'object',
      required: ['count', 'colour', 'who'],
      properties: { count: { type: 'integer', minimum: 1, maximum: 10 }, colour: { enum: ['red', 'blue'] }, regions: { type: 'array', default: ['eu'] }, api_key: { type: 'string', writeOnly: true } },
    });
    expect(JSON.stringify(info.body)).not.toContain('default-secret');

    const r = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { extra_vars: { count: 11, colour: 'green', regions: ['eu', 'mars'] } });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual({
      'extra_vars.count': expect.stringContaining('between'),
      'extra_vars.colour': expect.stringContaining('one of'),
      'extra_vars.regions': expect.stringContaining('mars'),
      'extra_vars.who': "'who' value missing",
    });
    const typed = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { extra_vars: { count: 2.5, colour: 'red', who: 7 } });
    expect(Object.keys(typed.body.error.fields).sort()).toEqual(['extra_vars.count', 'extra_vars.who']);

    const good = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { extra_vars: { count: 3, colour: 'red', who: 'bob', api_key: 'launch-time-secret' } });
    expect(good.status).toBe(201);
    expect(good.body.extra_vars).toEqual({ count: 3, colour: 'red', regions: ['eu'], who: 'bob', api_key: '$encrypted$' });
    const row = await t.app.db.job.findUniqueOrThrow({ where: { id: good.body.id } });
    expect(JSON.stringify(row)).not.toContain('launch-time-secret');
    const blob = await t.app.redis.get(launchSecretsKey(t.config.queuePrefix, good.body.id));
    expect(blob).not.toContain('launch-time-secret');
    const secrets = JSON.parse(new SecretBox(t.config.secretKey).decrypt(blob!, launchSecretsPurpose(good.body.id)));
    expect(secrets).toEqual({ credential_passwords: {}, extra_vars: { api_key: 'launch-time-secret' } });
    const all = JSON.stringify(await t.app.db.activityStream.findMany());
    expect(all).not.toContain('launch-time-secret');
    expect(all).not.toContain('default-secret');

    await t.admin.api.patch(`/api/v1/job_templates/${w.templateA}`, { survey_enabled: false, survey_spec: null });
  });

  it('asks credential passwords at launch and keeps them out of Postgres', async () => {
    const cred = await t.admin.api.post('/api/v1/credentials', { name: 'ask', organization: w.orgA, kind: 'machine', inputs: { username: 'u', password: 'ASK', become_password: 'ASK' } });
    expect((await t.admin.api.patch(`/api/v1/job_templates/${w.templateA}`, { credential: cred.body.id })).status).toBe(200);
    const info = await w.userA.api.get(`/api/v1/job_templates/${w.templateA}/launch`);
    expect(info.body.passwords_needed_to_start).toEqual(['ssh_password', 'become_password']);
    const missing = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { credential_passwords: { ssh_password: 'pw1', nope: 'x' } });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields).sort()).toEqual(['credential_passwords.become_password', 'credential_passwords.nope']);
    const ok = await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`, { credential_passwords: { ssh_password: 'ssh-pw-123', become_password: 'become-pw-456' } });
    expect(ok.status).toBe(201);
    const blob = await t.app.redis.get(launchSecretsKey(t.config.queuePrefix, ok.body.id));
    expect(JSON.parse(new SecretBox(t.config.secretKey).decrypt(blob!, launchSecretsPurpose(ok.body.id))).credential_passwords).toEqual({ ssh_password: 'ssh-pw-123', become_password: 'become-pw-456' });
    const dump = JSON.stringify([await t.app.db.job.findMany(), await t.app.db.activityStream.findMany(), await t.app.db.jobStatusChange.findMany()]);
    expect(dump).not.toContain('ssh-pw-123');
    expect(dump).not.toContain('become-pw-456');
    await t.admin.api.patch(`/api/v1/job_templates/${w.templateA}`, { credential: null });
  });

  it('validates templates on save', async () => {
    const noInv = await t.admin.api.post('/api/v1/job_templates', { name: 'x', project: w.projectA, playbook: 'site.yml' });
    expect(noInv.body.error.fields).toEqual({ inventory: 'You must either set a default value or ask to prompt on launch.' });
    const badBook = await t.admin.api.post('/api/v1/job_templates', { name: 'x', project: w.projectA, playbook: 'nope.yml', inventory: w.inventoryA });
    expect(badBook.body.error.fields).toHaveProperty('playbook');
    const otherOrg = await t.admin.api.post('/api/v1/job_templates', { name: 'x', project: w.projectA, playbook: 'site.yml', inventory: w.inventoryB });
    expect(otherOrg.body.error.fields).toHaveProperty('inventory');
    const types = await t.admin.api.post('/api/v1/job_templates', { name: 'x', project: w.projectA, playbook: 'site.yml', ask_inventory_on_launch: true, forks: -1, verbosity: 9, job_type: 'scan', extra_vars: '[1]' });
    expect(Object.keys(types.body.error.fields).sort()).toEqual(['forks', 'job_type', 'verbosity']);
    const vars = await t.admin.api.post('/api/v1/job_templates', { name: 'x', project: w.projectA, playbook: 'site.yml', ask_inventory_on_launch: true, extra_vars: '[1]' });
    expect(vars.body.error.fields).toHaveProperty('extra_vars');
    // a user with use on the project (not org admin) may create a template with it
    await t.admin.api.post(`/api/v1/users/${w.userA.id}/roles`, { resource_type: 'project', resource_id: w.projectA, role: 'use' });
    const own = await w.userA.api.post('/api/v1/job_templates', { name: 'mine', project: w.projectA, playbook: 'site.yml', ask_inventory_on_launch: true });
    expect(own.status).toBe(201);
    const noUse = await w.userA.api.post('/api/v1/job_templates', { name: 'mine2', project: w.projectA, playbook: 'site.yml', inventory: w.inventoryA });
    expect(noUse.body.error.fields).toEqual({ inventory: 'no such inventory' });
    // prompted inventory needs use on it
    const launch = await t.admin.api.post(`/api/v1/job_templates/${own.body.id}/launch`, {});
    expect(launch.body.error.fields).toHaveProperty('inventory');
    await t.admin.api.post(`/api/v1/users/${w.userA.id}/roles`, { resource_type: 'job_template', resource_id: own.body.id, role: 'execute' });
    await t.admin.api.post(`/api/v1/users/${w.userA.id}/roles`, { resource_type: 'inventory', resource_id: w.inventoryA, role: 'read' });
    const noInvUse = await w.userA.api.post(`/api/v1/job_templates/${own.body.id}/launch`, { inventory: w.inventoryA });
    expect(noInvUse.body.error.fields.inventory).toContain('use role');
    const hidden = await w.userA.api.post(`/api/v1/job_templates/${own.body.id}/launch`, { inventory: w.inventoryB });
    expect(hidden.body.error.fields.inventory).toBe('no such inventory');
  });

  it('cancels: pending at once, 405 when finished', async () => {
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    expect((await w.userA.api.get(`/api/v1/jobs/${job.id}/cancel`)).body).toEqual({ can_cancel: true });
    const c = await w.userA.api.post(`/api/v1/jobs/${job.id}/cancel`);
    expect(c.status).toBe(202);
    expect(c.body.status).toBe('canceled');
    expect(await t.app.jobsQueue.getJob(`job-${job.id}`)).toBeUndefined();
    const again = await w.userA.api.post(`/api/v1/jobs/${job.id}/cancel`);
    expect(again.status).toBe(405);
    expect(again.body.error.code).toBe('DRV_API_NOT_ALLOWED');
    // a running job gets a cancel request
    const running = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    await t.app.db.job.update({ where: { id: running.id }, data: { status: 'running', workerId: 'w1' } });
    const r = await w.userA.api.post(`/api/v1/jobs/${running.id}/cancel`);
    expect(r.body).toMatchObject({ status: 'running', cancel_requested: true });
  });

  it('serves events keyset-paged and filtered, stdout in three formats, and relaunches failed hosts', async () => {
    const job = (await w.userA.api.post(`/api/v1/job_templates/${w.templateA}/launch`)).body;
    await fakeEvents(t, job.id, [
      { event: 'playbook_on_start', stdout: '' },
      { event: 'playbook_on_play_start', stdout: '\nPLAY [all] ***\n' },
      { event: 'playbook_on_task_start', stdout: '\nTASK [ping] ***\n', task: 'ping' },
      { event: 'runner_on_ok', host: 'a1', changed: true, stdout: '\u001b[0;33mchanged: [a1]\u001b[0m\n', task: 'ping' },
      { event: 'runner_on_failed', host: 'a2', failed: true, stdout: '\u001b[0;31mfatal: [a2]: FAILED!\u001b[0m\n', task: 'ping' },
      { event: 'runner_on_unreachable', host: 'a3', failed: true, stdout: 'fatal: [a3]: UNREACHABLE!\n', task: 'ping' },
      { event: 'playbook_on_stats', stdout: '\nPLAY RECAP ***\n' },
    ]);
    await t.app.db.jobHostSummary.createMany({ data: [
      { jobId: job.id, hostName: 'a1', ok: 1, changed: 1 },
      { jobId: job.id, hostName: 'a2', failures: 1, failed: true },
      { jobId: job.id, hostName: 'a3', dark: 1, failed: true },
    ] });
    await t.app.db.job.update({ where: { id: job.id }, data: { status: 'failed', finishedAt: new Date() } });
    const api = w.userA.api;
    const p1 = await api.get(`/api/v1/jobs/${job.id}/job_events?limit=3`);
    expect(p1.body.results.map((e: { counter: number }) => e.counter)).toEqual([1, 2, 3]);
    expect(p1.body.count).toBeNull();
    expect(p1.body.next).toContain('counter__gt=3');
    const p2 = await api.get(p1.body.next);
    expect(p2.body.results.map((e: { counter: number }) => e.counter)).toEqual([4, 5, 6]);
    const p3 = await api.get(p2.body.next);
    expect(p3.body.results.map((e: { counter: number }) => e.counter)).toEqual([7]);
    expect(p3.body.next).toBeNull();
    expect((await api.get(`/api/v1/jobs/${job.id}/job_events?failed=true&count=true`)).body).toMatchObject({ count: 2 });
    expect((await api.get(`/api/v1/jobs/${job.id}/job_events?host=a1`)).body.results.map((e: { event: string }) => e.event)).toEqual(['runner_on_ok']);
    expect((await api.get(`/api/v1/jobs/${job.id}/job_events?changed=1`)).body.results).toHaveLength(1);
    expect((await api.get(`/api/v1/jobs/${job.id}/job_events?event__in=runner_on_failed,runner_on_unreachable`)).body.results).toHaveLength(2);
    expect((await api.get(`/api/v1/jobs/${job.id}/job_events?event__startswith=playbook_on&counter__gt=1`)).body.results).toHaveLength(3);
    expect((await api.get(`/api/v1/jobs/${job.id}/job_events?limit=0`)).status).toBe(400);
    expect((await api.get(`/api/v1/jobs/${job.id}/job_events?bogus=1`)).body.error.fields).toHaveProperty('bogus');

    const txt = await api.get(`/api/v1/jobs/${job.id}/stdout?format=txt`);
    expect(txt.status).toBe(200);
    expect(txt.text).toBe('\nPLAY [all] ***\n\nTASK [ping] ***\nchanged: [a1]\nfatal: [a2]: FAILED!\nfatal: [a3]: UNREACHABLE!\n\nPLAY RECAP ***\n');
    const ansi = await api.get(`/api/v1/jobs/${job.id}/stdout?format=ansi`);
    expect(ansi.text).toContain('\u001b[0;33mchanged: [a1]');
    const json = await api.get(`/api/v1/jobs/${job.id}/stdout?format=json`);
    expect(json.body.content).toBe(txt.text);
    expect(json.body.range.end).toBe(9);

    expect((await api.get(`/api/v1/jobs/${job.id}/relaunch`)).body).toEqual({ passwords_needed_to_start: [], retry_counts: { all: 3, failed: 2 } });
    const re = await api.post(`/api/v1/jobs/${job.id}/relaunch`, { hosts: 'failed' });
    expect(re.status).toBe(201);
    expect(re.body).toMatchObject({ limit: 'a2,a3', launch_type: 'relaunch', relaunch_of: job.id, status: 'pending' });
    const all = await api.post(`/api/v1/jobs/${job.id}/relaunch`, { hosts: 'all' });
    expect(all.body.limit).toBe('a1'); // the original job's limit (the template's, at the time)
    const active = await api.post(`/api/v1/jobs/${re.body.id}/relaunch`, {});
    expect(active.status).toBe(400);
    const summaries = await api.get(`/api/v1/jobs/${job.id}/job_host_summaries?failed=true`);
    expect(summaries.body.results.map((s: { host_name: string }) => s.host_name)).toEqual(['a2', 'a3']);
  });

  it('deletes an organization with everything it owns; its jobs survive', async () => {
    const jobs = await t.app.db.job.count({ where: { jobTemplateId: w.templateB } });
    expect(jobs).toBeGreaterThan(0);
    expect((await t.admin.api.delete(`/api/v1/organizations/${w.orgB}`)).status).toBe(204);
    expect((await t.admin.api.get(`/api/v1/job_templates/${w.templateB}`)).status).toBe(404);
    expect((await t.admin.api.get(`/api/v1/projects/${w.projectB}`)).status).toBe(404);
    expect(await t.app.db.roleGrant.count({ where: { resourceType: 'job_template', resourceId: w.templateB } })).toBe(0);
    const orphans = await t.admin.api.get('/api/v1/jobs?job_template__isnull=true');
    expect(orphans.body.count).toBe(jobs);
    // the launcher still sees their job
    expect((await w.userB.api.get(`/api/v1/jobs/${orphans.body.results[0].id}`)).status).toBe(200);
  });
});
