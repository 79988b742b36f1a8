// The migrations build the schema the generated client expects: a fresh database migrated by drover's
// migrator accepts a row of every model through Prisma Client, and its constraints behave as documented.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, JobStatus, Prisma, type PrismaClient } from './index.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url, { poolSize: 4 });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** Prisma's error code (P2002 unique, P2003 foreign key, P2010/P2004 raw/constraint...) or the message. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code;
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the operation to fail');
}

describe('every model', () => {
  it('can be created and read back through the generated client', async () => {
    const seen = new Set<string>();
    const check = <T extends object>(model: Prisma.ModelName, row: T, read: unknown): T => {
      expect(read, model).toMatchObject(row);
      seen.add(model);
      return row;
    };

    const org = await prisma.organization.create({ data: { name: 'Default', description: 'the first' } });
    check('Organization', org, await prisma.organization.findUnique({ where: { id: org.id } }));

    const user = await prisma.user.create({
      data: { username: 'admin', email: 'admin@example.com', firstName: 'Ad', lastName: 'Min', passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA', isSuperuser: true },
    });
    check('User', user, await prisma.user.findUnique({ where: { username: 'admin' } }));
    expect(user.isSystemAuditor).toBe(false);
    expect(user.lastLoginAt).toBeNull();

    const team = await prisma.team.create({ data: { organizationId: org.id, name: 'ops' } });
    check('Team', team, await prisma.team.findUnique({ where: { organizationId_name: { organizationId: org.id, name: 'ops' } } }));

    const membership = await prisma.teamMembership.create({ data: { teamId: team.id, userId: user.id } });
    check('TeamMembership', membership, await prisma.teamMembership.findUnique({ where: { teamId_userId: { teamId: team.id, userId: user.id } } }));

    const grant = await prisma.roleGrant.create({ data: { role: 'admin', resourceType: 'organization', resourceId: org.id, teamId: team.id } });
    check('RoleGrant', grant, await prisma.roleGrant.findFirst({ where: { teamId: team.id } }));

    const session = await prisma.session.create({ data: { id: 'a'.repeat(64), userId: user.id, expiresAt: new Date(Date.now() + 3600_000) } });
    check('Session', session, await prisma.session.findUnique({ where: { id: session.id } }));

    const token = await prisma.apiToken.create({ data: { userId: user.id, name: 'ci', tokenHash: 'b'.repeat(64) } });
    check('ApiToken', token, await prisma.apiToken.findUnique({ where: { tokenHash: 'b'.repeat(64) } }));
    expect(token.expiresAt).toBeNull();

    const scmCredential = await prisma.credential.create({
      data: { organizationId: org.id, name: 'git', kind: 'source_control', inputs: { username: 'git', ssh_key_data: '$encrypted$AESGCM$abc' } },
    });
    const machine = await prisma.credential.create({
      data: { organizationId: org.id, name: 'ssh', kind: 'machine', inputs: { username: 'root', password: '$encrypted$AESGCM$def' } },
    });
    check('Credential', machine, await prisma.credential.findUnique({ where: { id: machine.id } }));

    const project = await prisma.project.create({
      data: {
        organizationId: org.id, name: 'site', scmType: 'git', scmUrl: 'https://example.com/site.git', scmBranch: 'main',
        localPath: '/var/lib/drover/projects/1', scmCredentialId: scmCredential.id, playbooks: ['site.yml', 'ping.yml'],
        lastSyncStatus: 'successful', lastSyncAt: new Date(),
      },
    });
    check('Project', project, await prisma.project.findUnique({ where: { id: project.id }, include: { scmCredential: false } }));
    expect(project.playbooks).toEqual(['site.yml', 'ping.yml']);

    const inventory = await prisma.inventory.create({ data: { organizationId: org.id, name: 'prod', variables: { ansible_user: 'root' } } });
    check('Inventory', inventory, await prisma.inventory.findUnique({ where: { id: inventory.id } }));

    const host = await prisma.host.create({ data: { inventoryId: inventory.id, name: 'web1', variables: { ansible_host: '127.0.0.101' } } });
    check('Host', host, await prisma.host.findUnique({ where: { inventoryId_name: { inventoryId: inventory.id, name: 'web1' } } }));
    expect(host.enabled).toBe(true);

    const web = await prisma.group.create({ data: { inventoryId: inventory.id, name: 'web' } });
    const all = await prisma.group.create({ data: { inventoryId: inventory.id, name: 'servers', variables: { ntp: 'pool' } } });
    check('Group', web, await prisma.group.findUnique({ where: { id: web.id } }));

    const groupHost = await prisma.groupHost.create({ data: { groupId: web.id, hostId: host.id } });
    check('GroupHost', groupHost, await prisma.groupHost.findUnique({ where: { groupId_hostId: { groupId: web.id, hostId: host.id } } }));

    const child = await prisma.groupChild.create({ data: { parentId: all.id, childId: web.id } });
    check('GroupChild', child, await prisma.groupChild.findUnique({ where: { parentId_childId: { parentId: all.id, childId: web.id } } }));
    const tree = await prisma.group.findUnique({ where: { id: all.id }, include: { children: { include: { child: { include: { hosts: true } } } } } });
    expect(tree?.children[0]?.child.hosts[0]?.hostId).toBe(host.id);

    const source = await prisma.inventorySource.create({ data: { inventoryId: inventory.id, projectId: project.id, name: 'cmdb', sourcePath: 'inventory/cmdb.py' } });
    check('InventorySource', source, await prisma.inventorySource.findUnique({ where: { id: source.id } }));
    expect(source.lastSyncStatus).toBeNull();

    const template = await prisma.jobTemplate.create({
      data: {
        organizationId: org.id, name: 'deploy', projectId: project.id, playbook: 'site.yml', inventoryId: inventory.id, credentialId: machine.id,
        extraVars: 'version: 1.2\n', limit: 'web', jobTags: 'a,b', forks: 10, verbosity: 2, checkMode: true, diffMode: true,
        askVariablesOnLaunch: true, askLimitOnLaunch: true, askForceHandlersOnLaunch: true, surveyEnabled: true,
        surveySpec: { name: 's', description: '', spec: [{ question_name: 'Version?', variable: 'version', required: true, type: 'text' }] },
      },
    });
    check('JobTemplate', template, await prisma.jobTemplate.findUnique({ where: { organizationId_name: { organizationId: org.id, name: 'deploy' } } }));
    expect(template.allowSimultaneous).toBe(false);
    expect(template.timeout).toBe(0);

    const job = await prisma.job.create({
      data: {
        name: template.name, jobTemplateId: template.id, projectId: project.id, inventoryId: inventory.id, credentialId: machine.id,
        createdById: user.id, playbook: template.playbook, extraVars: { version: 1.2 }, limit: 'web',
      },
    });
    check('Job', job, await prisma.job.findUnique({ where: { id: job.id } }));
    expect(job).toMatchObject({
      status: 'new', launchType: 'manual', forks: 5, verbosity: 0, checkMode: false, timeout: 0, elapsed: 0, cancelRequested: false,
      workerId: null, heartbeatAt: null, eventsEmitted: 0, relaunchOfId: null, startedAt: null, finishedAt: null, scmRevision: '',
    });

    const change = await prisma.jobStatusChange.create({ data: { jobId: job.id, from: null, to: 'pending', reason: 'launched' } });
    check('JobStatusChange', change, await prisma.jobStatusChange.findFirst({ where: { jobId: job.id } }));

    const event = await prisma.jobEvent.create({
      data: {
        jobId: job.id, counter: 1, uuid: 'e1', event: 'playbook_on_start', eventData: { playbook: 'site.yml' }, stdout: '',
        created: new Date('2025-01-01T00:00:00.123Z'),
      },
    });
    check('JobEvent', event, await prisma.jobEvent.findUnique({ where: { jobId_counter: { jobId: job.id, counter: 1 } } }));
    expect(typeof event.id).toBe('bigint');
    expect(event.created.toISOString()).toBe('2025-01-01T00:00:00.123Z');

    const summary = await prisma.jobHostSummary.create({ data: { jobId: job.id, hostName: 'web1', ok: 3, changed: 1 } });
    check('JobHostSummary', summary, await prisma.jobHostSummary.findUnique({ where: { jobId_hostName: { jobId: job.id, hostName: 'web1' } } }));

    const activity = await prisma.activityStream.create({
      data: { actorId: user.id, actorName: user.username, operation: 'create', objectType: 'job_template', objectId: template.id, changes: { name: 'deploy' } },
    });
    check('ActivityStream', activity, await prisma.activityStream.findUnique({ where: { id: activity.id } }));

    expect([...seen].sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });
});

describe('contract details', () => {
  it('JobStatus has AWX unified job statuses in order', () => {
    expect(Object.values(JobStatus)).toEqual(['new', 'pending', 'waiting', 'running', 'successful', 'failed', 'error', 'canceled']);
  });

  it('timestamps are timestamptz, so SQL now() and Prisma dates agree whatever the session time zone', async () => {
    const types = await prisma.$queryRaw<{ data_type: string }[]>`
      SELECT DISTINCT data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' AND data_type LIKE 'timestamp%'`;
    expect(types.map((t) => t.data_type)).toEqual(['timestamp with time zone']);
  });
});

describe('job events', () => {
  it('reject a duplicate (jobId, counter); createMany with skipDuplicates ignores it', async () => {
    const job = await prisma.job.create({ data: { name: 'events', playbook: 'site.yml' } });
    const base = { jobId: job.id, event: 'runner_on_ok', eventData: {}, created: new Date() };
    await prisma.jobEvent.create({ data: { ...base, counter: 1, uuid: 'u1' } });
    expect(await failure(prisma.jobEvent.create({ data: { ...base, counter: 1, uuid: 'u1-again' } }))).toBe('P2002');

    const written = await prisma.jobEvent.createMany({
      data: [
        { ...base, counter: 1, uuid: 'u1-again' },
        { ...base, counter: 2, uuid: 'u2', host: 'web1', changed: true },
        { ...base, counter: 3, uuid: 'u3', host: 'web2', failed: true },
      ],
      skipDuplicates: true,
    });
    expect(written.count).toBe(2);
    const again = await prisma.jobEvent.createMany({ data: [{ ...base, counter: 3, uuid: 'u3' }], skipDuplicates: true });
    expect(again.count).toBe(0);

    const rows = await prisma.jobEvent.findMany({ where: { jobId: job.id }, orderBy: { counter: 'asc' } });
    expect(rows.map((r) => [r.counter, r.uuid])).toEqual([[1, 'u1'], [2, 'u2'], [3, 'u3']]);
    // keyset page: the events after counter 1
    const page = await prisma.jobEvent.findMany({ where: { jobId: job.id, counter: { gt: 1 } }, orderBy: { counter: 'asc' }, take: 1 });
    expect(page.map((r) => r.counter)).toEqual([2]);
  });

  it('go with their job; a job keeps its row when its template is deleted', async () => {
    const org = await prisma.organization.create({ data: { name: 'cascade' } });
    const project = await prisma.project.create({ data: { organizationId: org.id, name: 'p', scmType: 'local', localPath: '/srv/p' } });
    const template = await prisma.jobTemplate.create({ data: { organizationId: org.id, name: 't', projectId: project.id, playbook: 'x.yml' } });
    const job = await prisma.job.create({ data: { name: 't', jobTemplateId: template.id, projectId: project.id, playbook: 'x.yml' } });
    await prisma.jobEvent.create({ data: { jobId: job.id, counter: 1, uuid: 'c1', event: 'playbook_on_start', eventData: {}, created: new Date() } });

    // the template's project cannot go while the template uses it (NO ACTION)...
    expect(await failure(prisma.project.delete({ where: { id: project.id } }))).toMatch(/P2003|P2014|foreign key/i);
    // ...but deleting the organization takes projects and templates together; the job stays
    await prisma.organization.delete({ where: { id: org.id } });
    const kept = await prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(kept).toMatchObject({ jobTemplateId: null, projectId: null });

    await prisma.job.delete({ where: { id: job.id } });
    expect(await prisma.jobEvent.count({ where: { jobId: job.id } })).toBe(0);
  });
});

describe('role grants', () => {
  it('go to exactly one user or one team, once', async () => {
    const user = await prisma.user.create({ data: { username: 'grantee' } });
    const org = await prisma.organization.create({ data: { name: 'grants' } });
    const team = await prisma.team.create({ data: { organizationId: org.id, name: 'devs' } });
    const grant = { role: 'execute' as const, resourceType: 'job_template' as const, resourceId: 42 };

    await prisma.roleGrant.create({ data: { ...grant, userId: user.id } });
    expect(await failure(prisma.roleGrant.create({ data: { ...grant, userId: user.id } }))).toBe('P2002');
    const idempotent = await prisma.roleGrant.createMany({ data: [{ ...grant, userId: user.id }, { ...grant, teamId: team.id }], skipDuplicates: true });
    expect(idempotent.count).toBe(1);

    expect(await failure(prisma.roleGrant.create({ data: { ...grant } }))).toMatch(/role_grants_one_grantee_check/);
    expect(await failure(prisma.roleGrant.create({ data: { ...grant, resourceId: 7, userId: user.id, teamId: team.id } }))).toMatch(
      /role_grants_one_grantee_check/,
    );
  });
});
