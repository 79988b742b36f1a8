/** Users: superusers create and delete them; a user may edit their own name, email and password. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, forbidden, invalid, notFound } from '../../errors.js';
import { paginate, parseListQuery, type ListSpec } from '../../lib/list-query.js';
import { hashPassword, requireUser } from '../../plugins/app/auth.service.js';
import { errors, IdParams, ListQuery, pageOf } from '../../schemas/common.js';
import { CreateUser, UpdateUser, UserSchema } from '../../schemas/users.js';
import { registerRoleRoutes, userReadableWhere } from '../roles.js';
import { presentUser } from './users.presenter.js';

export const USER_LIST: ListSpec = {
  fields: {
    id: { type: 'int' },
    username: { type: 'string' },
    email: { type: 'string' },
    first_name: { type: 'string' },
    last_name: { type: 'string' },
    is_superuser: { type: 'bool' },
    is_system_auditor: { type: 'bool' },
    created: { type: 'date', column: 'createdAt' },
    password: { type: 'string', filter: false },
  },
  defaultOrder: 'username',
  search: ['username', 'email', 'firstName', 'lastName'],
};

const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const loadVisible = async (request: import('fastify').FastifyRequest, id: number) => {
    const access = await request.access();
    const user = await app.db.user.findFirst({ where: { AND: [{ id }, userReadableWhere(access) ?? {}] } });
    if (!user) throw notFound('user');
    return user;
  };

  app.get('/users', { schema: { tags: ['users'], summary: 'Users you can see', querystring: ListQuery, response: { 200: pageOf(UserSchema), ...errors } } }, async (request) => {
    const access = await request.access();
    const q = parseListQuery(request.query, USER_LIST);
    return paginate(request.url, q, userReadableWhere(access), { count: (a) => app.db.user.count(a), find: (a) => app.db.user.findMany(a) }, presentUser);
  });

  app.post('/users', { schema: { tags: ['users'], summary: 'Create a user (superusers only)', body: CreateUser, response: { 201: UserSchema, ...errors } } }, async (request, reply) => {
    const actor = requireUser(request);
    if (!actor.isSuperuser) throw forbidden('only superusers create users');
    const b = request.body;
    const user = await app.db.user.create({
      data: {
        username: b.username,
        passwordHash: await hashPassword(b.password),
        email: b.email ?? '',
        firstName: b.first_name ?? '',
        lastName: b.last_name ?? '',
        isSuperuser: b.is_superuser ?? false,
        isSystemAuditor: b.is_system_auditor ?? false,
      },
    });
    const out = presentUser(user);
    await app.activity.record(actor, 'create', 'user', user.id, { ...out, password: 'hidden' });
    return reply.code(201).send(out);
  });

  app.get('/users/:id', { schema: { tags: ['users'], summary: 'A user', params: IdParams, response: { 200: UserSchema, ...errors } } }, async (request) =>
    presentUser(await loadVisible(request, request.params.id)),
  );

  app.patch('/users/:id', { schema: { tags: ['users'], summary: 'Update a user (yourself, or anyone as a superuser)', params: IdParams, body: UpdateUser, response: { 200: UserSchema, ...errors } } }, async (request) => {
    const actor = requireUser(request);
    const before = await loadVisible(request, request.params.id);
    const b = request.body;
    if (!actor.isSuperuser) {
      if (actor.id !== before.id) throw forbidden('only superusers edit other users');
      for (const f of ['is_superuser', 'is_system_auditor', 'username'] as const) {
        if (b[f] !== undefined) throw new ApiError('DRV_API_FORBIDDEN', `only superusers change ${f}`, { fields: { [f]: 'only superusers change this field' } });
      }
    }
    if (actor.id === before.id && b.is_superuser === false) throw invalid({ is_superuser: 'you cannot remove your own superuser flag' });
    const user = await app.db.user.update({
      where: { id: before.id },
      data: {
        ...(b.username !== undefined ? { username: b.username } : {}),
        ...(b.password !== undefined ? { passwordHash: await hashPassword(b.password) } : {}),
        ...(b.email !== undefined ? { email: b.email } : {}),
        ...(b.first_name !== undefined ? { firstName: b.first_name } : {}),
        ...(b.last_name !== undefined ? { lastName: b.last_name } : {}),
        ...(b.is_superuser !== undefined ? { isSuperuser: b.is_superuser } : {}),
        ...(b.is_system_auditor !== undefined ? { isSystemAuditor: b.is_system_auditor } : {}),
      },
    });
    if (b.password !== undefined) {
      // a new password ends the user's other sessions
      await app.db.session.deleteMany({ where: { userId: user.id } });
    }
    const out = presentUser(user);
    await app.activity.update(actor, 'user', user.id, { ...presentUser(before), password: '' }, { ...out, password: b.password !== undefined ? 'changed' : '' });
    return out;
  });

  app.delete('/users/:id', { schema: { tags: ['users'], summary: 'Delete a user (superusers only)', params: IdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    const actor = requireUser(request);
    const user = await loadVisible(request, request.params.id);
    if (!actor.isSuperuser) throw forbidden('only superusers delete users');
    if (user.id === actor.id) throw invalid({ id: 'you cannot delete yourself' });
    await app.db.user.delete({ where: { id: user.id } });
    await app.activity.record(actor, 'delete', 'user', user.id, presentUser(user));
    return reply.code(204).send(null);
  });

  registerRoleRoutes(app, 'user');
};

export default userRoutes;
