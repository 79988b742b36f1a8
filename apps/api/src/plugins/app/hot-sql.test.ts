/**
 * The hand-written SQL of the hot paths against the migrated schema: rows come back exactly as
 * Prisma reads them, defaults match the schema's, and the launch statement writes all its rows.
 */
import { createPrisma, type PrismaClient } from '@drover/db';
import { createTestDatabase, type TestDatabase } from '@drover/db/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantsOf, insertLaunchedJob, templateForLaunch, userBySessionId, userByTokenHash } from './hot-sql.js';

describe('hot-path SQL', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let sql: pg.Pool;
  let user: { id: number; username: string };
  let templateId: number;
  let credentialId: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    user = await prisma.user.create({ data: { username: 'ops', passwordHash: 'x' } });
    const org = await prisma.organization.create({ data: { name: 'o' } });
    const project = await prisma.project.create({ data: { organizationId: org.id, name: 'p', scmType: 'local', localPath: '/x', scmRevision: 'abc123' } });
    const cred = await prisma.credential.create({ data: { organizationId: org.id, name: 'c', kind: 'machine', inputs: { username: 'u', password: 'ASK' } } });
    credentialId = cred.id;
    templateId = (await prisma.jobTemplate.create({ data: { organizationId: org.id, name: 't', projectId: project.id, playbook: 'site.yml', credentialId: cred.id, extraVars: 'a: 1' } })).id;
    const team = await prisma.team.create({ data: { organizationId: org.id, name: 'team' } });
    await prisma.teamMembership.create({ data: { teamId: team.id, userId: user.id } });
    await prisma.roleGrant.create({ data: { role: 'execute', resourceType: 'job_template', resourceId: templateId, teamId: team.id } });
    await prisma.roleGrant.create({ data: { role: 'read', resourceType: 'project', resourceId: project.id, userId: user.id } });
    await prisma.apiToken.create({ data: { userId: user.id, name: 'k', tokenHash: 'h1' } });
    await prisma.session.create({ data: { id: 's1', userId: user.id, expiresAt: new Date(Date.now() + 60_000) } });
  });
  afterAll(async () => {
    await sql?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('inserts a launched job as Prisma would read it, with the schema defaults, its status rows and activity row', async () => {
    const at = new Date();
    const job = await insertLaunchedJob(sql, user, { name: 'n', playbook: 'site.yml', jobTemplateId: templateId, extraVars: { x: [1, 2] } }, at, { created: 'c', pending: 'p' }, { objectType: 'job_template', objectId: templateId, changes: { prompts: [] } });
    expect(job).toEqual(await prisma.job.findUnique({ where: { id: job.id } }));
    expect(job).toMatchObject({ status: 'pending', createdById: user.id, forks: 5, verbosity: 0, limit: '', launchType: 'manual', checkMode: false, extraVars: { x: [1, 2] }, projectId: null, scmRevision: '' });
    const changes = await prisma.jobStatusChange.findMany({ where: { jobId: job.id }, orderBy: { at: 'asc' } });
    expect(changes.map((c) => [c.from, c.to, c.reason])).toEqual([[null, 'new', 'c'], ['new', 'pending', 'p']]);
    const activity = await prisma.activityStream.findMany({ where: { operation: 'launch' } });
    expect(activity).toMatchObject([{ actorId: user.id, actorName: 'ops', objectType: 'job_template', objectId: templateId, changes: { job: job.id, prompts: [] } }]);
    // without an activity row, and with every field given
    const full = await insertLaunchedJob(sql, user, { name: 'f', playbook: 'p.yml', forks: 9, verbosity: 2, limit: 'web', checkMode: true, relaunchOfId: job.id, launchType: 'relaunch' }, at, { created: 'c', pending: 'p' });
    expect(full).toMatchObject({ forks: 9, verbosity: 2, limit: 'web', checkMode: true, relaunchOfId: job.id, launchType: 'relaunch', extraVars: {} });
    expect(await prisma.activityStream.count()).toBe(1);
    await expect(insertLaunchedJob(sql, user, { name: 'x', playbook: 'y', status: 'running' } as never, at, { created: 'c', pending: 'p' })).rejects.toThrow(/unexpected job field status/);
  });

  it('loads a template with its project revision and credential as Prisma reads them', async () => {
    const r = await templateForLaunch(sql, templateId);
    expect(r?.template).toEqual(await prisma.jobTemplate.findUnique({ where: { id: templateId } }));
    expect(r?.project).toMatchObject({ scmRevision: 'abc123' });
    expect(r?.credential).toEqual(await prisma.credential.findUnique({ where: { id: credentialId } }));
    expect(await templateForLaunch(sql, 999_999)).toBeUndefined();
  });

  it('finds users by token hash and session, and their grants direct and through teams', async () => {
    expect(await userByTokenHash(sql, 'h1')).toMatchObject({ id: user.id, username: 'ops', isSuperuser: false, expiresAt: null });
    expect(await userByTokenHash(sql, 'nope')).toBeUndefined();
    expect(await userBySessionId(sql, 's1')).toMatchObject({ id: user.id, username: 'ops' });
    const grants = await grantsOf(sql, user.id);
    expect(grants.map((g) => `${g.role}:${g.resourceType}`).sort()).toEqual(['execute:job_template', 'member:team', 'read:project']);
  });
});
