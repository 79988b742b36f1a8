/** Organizations: superusers create and delete them; org admins edit them. */
import type { Organization } from '@drover/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forbidden } from '../../errors.js';
import { requireUser } from '../../plugins/app/auth.service.js';
import { CreateOrganization, OrganizationSchema, UpdateOrganization } from '../../schemas/organizations.js';
import { deleteOrgGrants, registerCrud } from '../crud.js';

export const presentOrganization = (o: Organization) => ({
  id: o.id,
  type: 'organization' as const,
  url: `/api/v1/organizations/${o.id}`,
  name: o.name,
  description: o.description,
  created: o.createdAt.toISOString(),
  modified: o.updatedAt.toISOString(),
});

const organizationRoutes: FastifyPluginAsyncZod = async (app) => {
  registerCrud(app, {
    type: 'organization',
    path: '/organizations',
    tag: 'organizations',
    label: 'organization',
    out: OrganizationSchema,
    create: CreateOrganization,
    patch: UpdateOrganization,
    list: {
      fields: { id: { type: 'int' }, name: { type: 'string' }, description: { type: 'string' }, created: { type: 'date', column: 'createdAt' }, modified: { type: 'date', column: 'updatedAt' } },
      defaultOrder: 'name',
      search: ['name', 'description'],
    },
    delegate: (db) => db.organization as never,
    present: presentOrganization,
    toCreateData: async (body, request) => {
      if (!requireUser(request).isSuperuser) throw forbidden('only superusers create organizations');
      return { name: body.name, description: body.description ?? '' };
    },
    toUpdateData: async (body) => ({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.description !== undefined ? { description: body.description } : {}) }),
    beforeDelete: async (row, request) => {
      if (!requireUser(request).isSuperuser) throw forbidden('only superusers delete organizations');
      await deleteOrgGrants(app.db, row.id);
    },
  });
};

export default organizationRoutes;
