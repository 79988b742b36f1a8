/**
 * What the logger never prints. Fastify logs requests as method/url/ip only, but anything that logs a
 * request, reply, header or body object goes through pino's redaction of these paths.
 */
const SECRET_KEYS = [
  'password',
  'new_password',
  'current_password',
  'ssh_key_data',
  'ssh_key_unlock',
  'become_password',
  'ssh_password',
  'token',
  'secret',
  'credential_passwords',
  'inputs',
];

export const LOG_REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'request.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  'reply.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `body.${k}`, `req.body.${k}`, `*.*.${k}`]),
];
