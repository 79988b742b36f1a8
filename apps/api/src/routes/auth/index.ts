/** Login, logout and the caller's own user. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError } from '../../errors.js';
import { clearSessionCookie, requireUser, secureCookie, SESSION_COOKIE, setSessionCookie } from '../../plugins/app/auth.service.js';
import { ErrorSchema, errors } from '../../schemas/common.js';
import { MeSchema } from '../../schemas/users.js';
import { presentMe } from '../users/users.presenter.js';

const LoginBody = z.object({ username: z.string().min(1).max(150), password: z.string().min(1).max(1024) }).strict();

const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with a username and password; sets the httpOnly session cookie',
        security: [],
        body: LoginBody,
        response: { 200: MeSchema, 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const user = await app.auth.checkLogin(request.body.username, request.body.password);
      if (!user) throw new ApiError('DRV_API_UNAUTHENTICATED', 'invalid username or password');
      const { token, expiresAt } = await app.auth.createSession(user.id);
      setSessionCookie(reply, token, expiresAt, secureCookie(request, app.config.cookieSecure));
      return presentMe(await app.db.user.findUniqueOrThrow({ where: { id: user.id } }));
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session (clears the cookie)', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await app.auth.deleteSession(token);
      clearSessionCookie(reply, secureCookie(request, app.config.cookieSecure));
      return reply.code(204).send(null);
    },
  );

  app.get('/me', { schema: { tags: ['auth'], summary: 'The authenticated user', response: { 200: MeSchema, ...errors } } }, async (request) => {
    const user = requireUser(request);
    return presentMe(await app.db.user.findUniqueOrThrow({ where: { id: user.id } }));
  });
};

export default authRoutes;
