/** Inventory sources: a script in a project that lists an inventory's hosts (`--list` JSON), synced on demand. */
import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { InventorySource } from '@drover/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invalid, notFound } from '../../errors.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { BodyId, errors, iso, IdParams } from '../../schemas/common.js';
import { importInventory, type ImportSummary } from '../inventories/import.js';
import { runInventoryScript, ScriptInventoryError, scriptToYamlInventory } from './script-inventory.js';

const InventorySourceSchema = z.object({
  id: z.number(),
  type: z.literal('inventory_source'),
  name: z.string(),
  description: z.string(),
  inventory: z.number(),
  project: z.number(),
  source_path: z.string(),
  last_sync_at: z.string().nullable(),
  last_sync_status: z.string().nullable(),
  last_sync_error: z.string(),
  created: z.string(),
  modified: z.string(),
});

const CreateInventorySource = z.object({
  name: z.string().min(1).max(512),
  description: z.string().max(4096).optional(),
  project: BodyId,
  source_path: z.string().min(1).max(1024),
});

const SyncResult = z.object({
  source: InventorySourceSchema,
  summary: z.object({
    hosts_created: z.number(), hosts_updated: z.number(), hosts_deleted: z.number(),
    groups_created: z.number(), groups_updated: z.number(), groups_deleted: z.number(),
    warnings: z.array(z.string()),
  }),
});

const present = (s: InventorySource) => ({
  id: s.id,
  type: 'inventory_source' as const,
  name: s.name,
  description: s.description,
  inventory: s.inventoryId,
  project: s.projectId,
  source_path: s.sourcePath,
  last_sync_at: iso(s.lastSyncAt),
  last_sync_status: s.lastSyncStatus,
  last_sync_error: s.lastSyncError,
  created: s.createdAt.toISOString(),
  modified: s.updatedAt.toISOString(),
});

const inventorySourceRoutes: FastifyPluginAsyncZod = async (app) => {
  const load = async (id: number) => {
    const s = await app.db.inventorySource.findUnique({ where: { id } });
    if (!s) throw notFound('inventory source');
    return s;
  };
  /** The script's absolute path: inside the project's directory. */
  const scriptPath = (projectDir: string, sourcePath: string): string => {
    const full = resolve(projectDir, sourcePath);
    const rel = relative(projectDir, full);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw invalid({ source_path: 'must be a file inside the project' });
    return full;
  };

  app.get('/inventories/:id/inventory_sources', { schema: { tags: ['inventories'], summary: "An inventory's sources", params: IdParams, response: { 200: z.object({ count: z.number(), results: z.array(InventorySourceSchema) }), ...errors } } }, async (request) => {
    await request.authorize('inventory', request.params.id, 'read');
    const rows = await app.db.inventorySource.findMany({ where: { inventoryId: request.params.id }, orderBy: { id: 'asc' } });
    return { count: rows.length, results: rows.map(present) };
  });

  app.post('/inventories/:id/inventory_sources', { schema: { tags: ['inventories'], summary: 'Add a source: a script in a project', params: IdParams, body: CreateInventorySource, response: { 201: InventorySourceSchema, ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    await request.authorize('inventory', request.params.id, 'admin');
    const project = await app.db.project.findUnique({ where: { id: request.body.project } });
    const access = await request.access();
    if (!project || !access.can('read', { type: 'project', id: project.id, organizationId: project.organizationId })) throw invalid({ project: 'no such project' });
    if (!access.can('use', { type: 'project', id: project.id, organizationId: project.organizationId })) throw invalid({ project: 'you need the use role on the project' });
    const path = scriptPath(project.localPath, request.body.source_path);
    if (project.localPath && !(await stat(path).catch(() => undefined))?.isFile()) throw invalid({ source_path: 'no such file in the project' });
    const row = await app.db.inventorySource.create({
      data: { inventoryId: request.params.id, projectId: project.id, name: request.body.name, description: request.body.description ?? '', sourcePath: request.body.source_path },
    });
    await app.activity.record(user, 'create', 'inventory_source', row.id, present(row));
    return reply.code(201).send(present(row));
  });

  app.get('/inventory_sources/:id', { schema: { tags: ['inventories'], summary: 'An inventory source', params: IdParams, response: { 200: InventorySourceSchema, ...errors } } }, async (request) => {
    const s = await load(request.params.id);
    await request.authorize('inventory', s.inventoryId, 'read');
    return present(s);
  });

  app.delete('/inventory_sources/:id', { schema: { tags: ['inventories'], summary: 'Remove an inventory source (its hosts stay)', params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const user = requireUser(request);
    const s = await load(request.params.id);
    await request.authorize('inventory', s.inventoryId, 'admin');
    await app.db.inventorySource.delete({ where: { id: s.id } });
    await app.activity.record(user, 'delete', 'inventory_source', s.id, present(s));
    return reply.code(204).send(null);
  });

  app.post('/inventory_sources/:id/sync', { schema: { tags: ['inventories'], summary: "Run the source's script and replace the inventory's hosts and groups with what it lists", params: IdParams, response: { 200: SyncResult, ...errors } } }, async (request) => {
    const user = requireUser(request);
    const s = await load(request.params.id);
    await request.authorize('inventory', s.inventoryId, 'update');
    const project = await app.db.project.findUniqueOrThrow({ where: { id: s.projectId } });
    let summary: ImportSummary;
    try {
      const data = await runInventoryScript(scriptPath(project.localPath, s.sourcePath), project.localPath);
      summary = await importInventory(app, s.inventoryId, JSON.stringify(scriptToYamlInventory(data)), 'yaml', true);
    } catch (e) {
      const message = e instanceof ScriptInventoryError ? e.message : e instanceof Error ? e.message : String(e);
      await app.db.inventorySource.update({ where: { id: s.id }, data: { lastSyncAt: new Date(), lastSyncStatus: 'failed', lastSyncError: message.slice(0, 4000) } });
      throw invalid({ source_path: message });
    }
    const row = await app.db.inventorySource.update({ where: { id: s.id }, data: { lastSyncAt: new Date(), lastSyncStatus: 'successful', lastSyncError: '' } });
    await app.activity.record(user, 'update', 'inventory', s.inventoryId, { sync: { source: s.id, ...summary, warnings: undefined } });
    return { source: present(row), summary };
  });
};

export default inventorySourceRoutes;
