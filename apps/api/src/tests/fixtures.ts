/** Scenario fixtures: organizations, a local project with playbooks, inventories and templates. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Prisma } from '@drover/db';
import type { TestContext, TestUser } from './helper.js';

export async function localProject(t: TestContext, org: number, name: string, playbooks: Record<string, string> = { 'site.yml': '- hosts: all\n  tasks: []\n' }): Promise<number> {
  const dir = join(t.config.projectsDir, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(playbooks)) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  const r = await t.admin.api.post('/api/v1/projects', { name, organization: org, scm_type: 'local', local_path: name });
  if (r.status !== 201) throw new Error(`project: ${r.status} ${r.text}`);
  return r.body.id;
}

export interface World {
  orgA: number;
  orgB: number;
  teamA: number;
  teamB: number;
  userA: TestUser;
  userB: TestUser;
  projectA: number;
  projectB: number;
  inventoryA: number;
  inventoryB: number;
  templateA: number;
  templateB: number;
}

/** Two organizations, each with a team (one user), a project, an inventory and a template the team may execute. */
export async function twoTeams(t: TestContext): Promise<World> {
  const post = async (url: string, body: unknown) => {
    const r = await t.admin.api.post(url, body);
    if (r.status >= 300) throw new Error(`${url}: ${r.status} ${r.text}`);
    return r.body;
  };
  const orgA = (await post('/api/v1/organizations', { name: 'A' })).id;
  const orgB = (await post('/api/v1/organizations', { name: 'B' })).id;
  const teamA = (await post('/api/v1/teams', { name: 'team-a', organization: orgA })).id;
  const teamB = (await post('/api/v1/teams', { name: 'team-b', organization: orgB })).id;
  const userA = await t.createUser('user-a');
  const userB = await t.createUser('user-b');
  await post(`/api/v1/teams/${teamA}/members`, { user: userA.id });
  await post(`/api/v1/teams/${teamB}/members`, { user: userB.id });
  const projectA = await localProject(t, orgA, 'proj-a');
  const projectB = await localProject(t, orgB, 'proj-b');
  const inventoryA = (await post('/api/v1/inventories', { name: 'inv-a', organization: orgA })).id;
  const inventoryB = (await post('/api/v1/inventories', { name: 'inv-b', organization: orgB })).id;
  await post(`/api/v1/inventories/${inventoryA}/hosts`, { name: 'a1' });
  await post(`/api/v1/inventories/${inventoryB}/hosts`, { name: 'b1' });
  const templateA = (await post('/api/v1/job_templates', { name: 'jt-a', project: projectA, playbook: 'site.yml', inventory: inventoryA })).id;
  const templateB = (await post('/api/v1/job_templates', { name: 'jt-b', project: projectB, playbook: 'site.yml', inventory: inventoryB })).id;
  await post(`/api/v1/teams/${teamA}/roles`, { resource_type: 'job_template', resource_id: templateA, role: 'execute' });
  await post(`/api/v1/teams/${teamB}/roles`, { resource_type: 'job_template', resource_id: templateB, role: 'execute' });
  return { orgA, orgB, teamA, teamB, userA, userB, projectA, projectB, inventoryA, inventoryB, templateA, templateB };
}

/** Writes events (and host summaries) for a job as the worker would. */
export async function fakeEvents(
  t: TestContext,
  jobId: number,
  events: Array<{ event: string; host?: string; changed?: boolean; failed?: boolean; stdout?: string; task?: string }>,
  from = 1,
): Promise<void> {
  let line = 0;
  await t.app.db.jobEvent.createMany({
    data: events.map((e, i) => {
      const stdout = e.stdout ?? `line ${from + i}\n`;
      const row: Prisma.JobEventCreateManyInput = {
        jobId,
        counter: from + i,
        uuid: `u-${jobId}-${from + i}`,
        parentUuid: null,
        event: e.event,
        eventData: e.host ? { host: e.host } : {},
        host: e.host ?? null,
        task: e.task ?? '',
        changed: e.changed ?? false,
        failed: e.failed ?? false,
        stdout,
        startLine: line,
        endLine: line + stdout.split('\n').length - 1,
        created: new Date(),
      };
      line = row.endLine!;
      return row;
    }),
  });
}
