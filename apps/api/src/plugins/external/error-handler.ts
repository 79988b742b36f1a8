/**
 * One error handler for the whole app: every error leaves as `{error: {code, message, fields?}}`.
 * Client errors (4xx) carry their message; server errors are logged with the request and answered with
 * a generic message (no stack, no SQL, no secrets).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ApiError, type ErrorBody, type FieldErrors } from '../../errors.js';
import { prismaErrorToApiError } from '../../lib/prisma-errors.js';

/** Maps any thrown value to the API error a client sees (exported for socket.io acks). */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const prismaError = prismaErrorToApiError(err);
  if (prismaError) return prismaError;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as FastifyError).validationContext ?? 'body';
    const fields: FieldErrors = {};
    for (const issue of err.validation) {
      const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
      const keys = issue.params?.['keys'];
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        for (const k of keys as string[]) fields[path ? `${path}.${k}` : k] = 'unknown field';
        continue;
      }
      const key = path || context;
      if (!(key in fields)) fields[key] = issueMessage(issue.keyword ?? '', issue.message ?? 'invalid', issue.params ?? {});
    }
    return new ApiError('DRV_API_VALIDATION', `invalid ${context}: ${Object.keys(fields).join(', ')}`, { fields });
  }
  const fe = err as Partial<FastifyError> | undefined;
  switch (fe?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('DRV_API_BAD_JSON', 'the request body is not valid JSON', { fields: { body: fe.message ?? 'not JSON' } });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('DRV_API_PAYLOAD_TOO_LARGE', 'the request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError('DRV_API_UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
    case 'FST_ERR_VALIDATION':
      return new ApiError('DRV_API_VALIDATION', fe.message ?? 'invalid request', { fields: { [fe.validationContext ?? 'body']: fe.message ?? 'invalid' } });
    default:
      break;
  }
  // Other 4xx from Fastify or plugins (e.g. a malformed URL): keep the status, generic code.
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    if (status === 404) return new ApiError('DRV_API_NOT_FOUND', fe?.message || 'not found');
    if (status === 413) return new ApiError('DRV_API_PAYLOAD_TOO_LARGE', 'the request body is too large');
    if (status === 415) return new ApiError('DRV_API_UNSUPPORTED_MEDIA_TYPE', 'send the body as application/json');
    return new ApiError('DRV_API_VALIDATION', fe?.message || 'bad request');
  }
  if (isDatabaseUnavailable(err)) return new ApiError('DRV_API_UNAVAILABLE', 'the database is unavailable; try again shortly', { cause: err });
  return new ApiError('DRV_API_INTERNAL', 'internal server error', { cause: err });
}

/** Connection-level failures talking to Postgres (refused, reset, shutting down): a 503, not a bug. */
const DB_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'P1001', 'P1002', 'P1017']);

function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const o = e as { code?: unknown; cause?: unknown; message?: unknown; originalCode?: unknown };
    if (typeof o.code === 'string' && DB_DOWN_CODES.has(o.code)) return true;
    if (typeof o.originalCode === 'string' && DB_DOWN_CODES.has(o.originalCode)) return true;
    if (typeof o.message === 'string' && /ECONNREFUSED|Connection terminated|terminating connection due to administrator command|the database system is (starting up|shutting down)/.test(o.message)) return true;
    e = o.cause;
  }
  return false;
}

function issueMessage(keyword: string, message: string, params: Record<string, unknown>): string {
  if (keyword === 'unrecognized_keys' && Array.isArray(params['keys'])) return `unknown field(s): ${(params['keys'] as string[]).join(', ')}`;
  return message;
}

export function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  const body: ErrorBody = error.toBody();
  return reply.code(error.statusCode).type('application/json; charset=utf-8').serializer(JSON.stringify).send(body);
}

async function errorHandlerPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(err);
    if (apiError.statusCode >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: apiError.code, fields: apiError.fields }, apiError.message);
    return sendError(reply, apiError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new ApiError('DRV_API_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

export default fp(errorHandlerPlugin, { name: 'error-handler' });
