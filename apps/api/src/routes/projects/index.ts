/**
 * Projects: a git repository (synced into the projects directory by POST /projects/:id/sync) or a
 * directory already on disk inside the projects directory. Sync records the revision and the playbooks.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Project } from '@drover/db';
import { findPlaybooks, gitAuthFromInputs, redactUrl, syncProjectCache, withProjectSyncLock, type LockConnection } from '@drover/scm';
import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import pg from 'pg';
import { conflict, invalid } from '../../errors.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { errors, IdParams, iso } from '../../schemas/common.js';
import { CreateProject, ProjectSchema, SCM_TYPE_VALUES, UpdateProject } from '../../schemas/projects.js';
import { ORG_RESOURCE_FIELDS, registerCrud } from '../crud.js';
import { decryptInputs, requireCredentialUse } from '../credentials/index.js';
import { requireOrgAdmin } from '../teams/index.js';

export function presentProject(p: Project) {
  return {
    id: p.id,
    type: 'project' as const,
    url: `/api/v1/projects/${p.id}`,
    name: p.name,
    description: p.description,
    organization: p.organizationId,
    scm_type: p.scmType,
    scm_url: redactUrl(p.scmUrl),
    scm_branch: p.scmBranch,
    local_path: p.localPath,
    credential: p.scmCredentialId,
    scm_revision: p.scmRevision,
    last_sync: iso(p.lastSyncAt),
    last_sync_status: p.lastSyncStatus,
    last_sync_error: p.lastSyncError,
    playbooks: Array.isArray(p.playbooks) ? (p.playbooks as string[]) : [],
    created: p.createdAt.toISOString(),
    modified: p.updatedAt.toISOString(),
  };
}

/** A local project's directory: inside the projects directory, existing. */
async function checkLocalPath(projectsDir: string, raw: string): Promise<string> {
  if (!raw) throw invalid({ local_path: 'is required for local projects' });
  const full = resolve(projectsDir, raw);
  const rel = relative(projectsDir, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw invalid({ local_path: `must be a directory inside ${projectsDir}` });
  const st = await stat(full).catch(() => undefined);
  if (!st?.isDirectory()) throw invalid({ local_path: 'is not an existing directory' });
  return full;
}

const locks = new Map<number, Promise<unknown>>();

/** Syncs a project and stores the outcome: one sync per project at a time in this process, and across
 * processes (a worker syncing the same project) through the project sync advisory lock. */
export async function syncProject(app: FastifyInstance, id: number): Promise<Project> {
  const previous = locks.get(id) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => withProjectSyncLock(() => lockConnection(app), id, 'exclusive', () => doSync(app, id)));
  locks.set(id, next);
  try {
    return await next;
  } finally {
    if (locks.get(id) === next) locks.delete(id);
  }
}

/** A database session of its own for the sync lock (held for as long as git runs). */
async function lockConnection(app: FastifyInstance): Promise<LockConnection> {
  const client = new pg.Client({ connectionString: app.config.databaseUrl });
  client.on('error', (err) => app.log.warn({ err: { message: err.message } }, 'the project sync lock connection failed'));
  await client.connect();
  return client;
}

async function doSync(app: FastifyInstance, id: number): Promise<Project> {
  const p = await app.db.project.findUniqueOrThrow({ where: { id }, include: { scmCredential: true } });
  let outcome: { ok: true; revision: string; dir: string; playbooks: readonly string[] } | { ok: false; error: string };
  if (p.scmType === 'git') {
    const inputs = p.scmCredential ? decryptInputs(app.secrets, p.scmCredential) : {};
    outcome = await syncProjectCache({ url: p.scmUrl, branch: p.scmBranch, dir: join(app.config.projectsDir, `_${p.id}`), auth: gitAuthFromInputs(inputs) });
  } else {
    const st = await stat(p.localPath).catch(() => undefined);
    outcome = st?.isDirectory() ? { ok: true, revision: p.scmRevision, dir: p.localPath, playbooks: await findPlaybooks(p.localPath) } : { ok: false, error: `${p.localPath} is not a directory` };
  }
  if (!outcome.ok) return app.db.project.update({ where: { id }, data: { lastSyncAt: new Date(), lastSyncStatus: 'failed', lastSyncError: outcome.error } });
  return app.db.project.update({
    where: { id },
    data: { scmRevision: outcome.revision, localPath: outcome.dir, playbooks: [...outcome.playbooks], lastSyncAt: new Date(), lastSyncStatus: 'successful', lastSyncError: '' },
  });
}

const projectRoutes: FastifyPluginAsyncZod = async (app) => {
  const crud = registerCrud(app, {
    type: 'project',
    related: [{ key: 'organization', column: 'organizationId', kind: 'organization' }, { key: 'scm_credential', column: 'scmCredentialId', kind: 'credential' }],
    path: '/projects',
    tag: 'projects',
    label: 'project',
    out: ProjectSchema,
    create: CreateProject,
    patch: UpdateProject,
    list: {
      fields: {
        ...ORG_RESOURCE_FIELDS,
        scm_type: { type: 'enum', values: SCM_TYPE_VALUES, column: 'scmType' },
        scm_url: { type: 'string', column: 'scmUrl' },
        scm_branch: { type: 'string', column: 'scmBranch' },
        scm_revision: { type: 'string', column: 'scmRevision' },
        last_sync_status: { type: 'enum', values: ['successful', 'failed', 'error', 'canceled', 'running', 'pending', 'waiting', 'new'], column: 'lastSyncStatus' },
        last_sync: { type: 'date', column: 'lastSyncAt' },
      },
      defaultOrder: 'name',
      search: ['name', 'description', 'scmUrl'],
    },
    delegate: (db) => db.project as never,
    present: presentProject,
    toCreateData: async (body, request) => {
      await requireOrgAdmin(request, body.organization);
      const data: Record<string, unknown> = { name: body.name, description: body.description ?? '', organizationId: body.organization, scmType: body.scm_type };
      if (body.scm_type === 'git') {
        if (!body.scm_url) throw invalid({ scm_url: 'is required for git projects' });
        if (body.local_path) throw invalid({ local_path: 'git projects are cloned into the projects directory' });
        Object.assign(data, { scmUrl: body.scm_url, scmBranch: body.scm_branch ?? '' });
      } else {
        if (body.scm_url || body.scm_branch) throw invalid({ [body.scm_url ? 'scm_url' : 'scm_branch']: 'only for git projects' });
        const dir = await checkLocalPath(app.config.projectsDir, body.local_path ?? '');
        Object.assign(data, { localPath: dir, playbooks: await findPlaybooks(dir) });
      }
      if (body.credential != null) {
        await requireCredentialUse(app, request, body.credential, 'source_control', 'credential', body.organization);
        data['scmCredentialId'] = body.credential;
      }
      return data;
    },
    toUpdateData: async (body, row, request) => {
      const data: Record<string, unknown> = {};
      if (body.name !== undefined) data['name'] = body.name;
      if (body.description !== undefined) data['description'] = body.description;
      if (row.scmType === 'git') {
        if (body.local_path !== undefined) throw invalid({ local_path: 'git projects are cloned into the projects directory' });
        if (body.scm_url !== undefined) data['scmUrl'] = body.scm_url;
        if (body.scm_branch !== undefined) data['scmBranch'] = body.scm_branch;
      } else {
        if (body.scm_url !== undefined || body.scm_branch !== undefined) throw invalid({ [body.scm_url !== undefined ? 'scm_url' : 'scm_branch']: 'only for git projects' });
        if (body.local_path !== undefined) data['localPath'] = await checkLocalPath(app.config.projectsDir, body.local_path);
      }
      if (body.credential !== undefined) {
        if (body.credential !== null) await requireCredentialUse(app, request, body.credential, 'source_control', 'credential', row.organizationId);
        data['scmCredentialId'] = body.credential;
      }
      return data;
    },
    beforeDelete: async (row) => {
      const used = await app.db.jobTemplate.count({ where: { projectId: row.id } });
      if (used) throw conflict(`the project is used by ${used} job template(s)`);
      const sources = await app.db.inventorySource.count({ where: { projectId: row.id } });
      if (sources) throw conflict(`the project is used by ${sources} inventory source(s)`);
    },
  });

  app.post(
    '/projects/:id/sync',
    { schema: { tags: ['projects'], summary: 'Clone or fetch the project, record its revision and playbooks', params: IdParams, response: { 200: ProjectSchema, ...errors } } },
    async (request) => {
      const user = requireUser(request);
      await request.authorize('project', request.params.id, 'update');
      const p = await syncProject(app, request.params.id);
      await app.activity.record(user, 'update', 'project', p.id, { sync: p.lastSyncStatus, scm_revision: p.scmRevision, error: p.lastSyncError || undefined });
      return crud.present(p, request);
    },
  );
};

export default projectRoutes;
