/**
 * Authentication: argon2id password hashes, login sessions (httpOnly cookie holding a random token,
 * only its sha256 stored) and personal API tokens (`Authorization: Bearer drv_...`, only the sha256
 * stored). `request.user` is set for every request that carries valid credentials.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import type { PrismaClient } from '@drover/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type pg from 'pg';
import { ApiError } from '../../errors.js';
import { userBySessionId, userByTokenHash } from './hot-sql.js';

export const SESSION_COOKIE = 'drover_session';
export const TOKEN_PREFIX = 'drv_';

export interface AuthUser {
  id: number;
  username: string;
  isSuperuser: boolean;
  isSystemAuditor: boolean;
  /** How this request authenticated. */
  via: 'session' | 'token';
}

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
  interface FastifyInstance {
    auth: AuthService;
  }
}

const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const randomToken = (): string => randomBytes(32).toString('base64url');

/** Passwords must be 8..1024 characters (argon2 input is bounded to keep hashing cheap). */
export function checkPasswordPolicy(password: string): string | undefined {
  if (password.length < 8) return 'must be at least 8 characters';
  if (password.length > 1024) return 'must be at most 1024 characters';
  return undefined;
}

export class AuthService {
  /** A real hash of a random password: verifying against it when the user does not exist costs the same. */
  private dummyHash: Promise<string> | undefined;
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly db: PrismaClient,
    private readonly sql: pg.Pool,
    private readonly sessionTtlSeconds: number,
  ) {}

  /** The user for a username and password, or null (same cost either way). Throws 429 after repeated failures. */
  async checkLogin(username: string, password: string): Promise<AuthUser | null> {
    const key = username.toLowerCase();
    const now = Date.now();
    const f = this.failures.get(key);
    if (f && f.count >= 10 && f.until > now) throw new ApiError('DRV_API_RATE_LIMITED', 'too many failed logins; try again later');
    const user = await this.db.user.findUnique({ where: { username } });
    this.dummyHash ??= hashPassword(randomToken());
    const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : (await verifyPassword(await this.dummyHash, password), false);
    if (!ok || !user) {
      if (this.failures.size > 10_000) for (const [k, v] of this.failures) if (v.until <= now || this.failures.size > 10_000) this.failures.delete(k);
      const cur = f && f.until > now ? f : { count: 0, until: now + 5 * 60_000 };
      this.failures.set(key, { count: cur.count + 1, until: cur.until });
      return null;
    }
    this.failures.delete(key);
    await this.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    return { id: user.id, username: user.username, isSuperuser: user.isSuperuser, isSystemAuditor: user.isSystemAuditor, via: 'session' };
  }

  async createSession(userId: number): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken();
    const expiresAt = new Date(Date.now() + this.sessionTtlSeconds * 1000);
    await this.db.session.create({ data: { id: sha256(token), userId, expiresAt } });
    // opportunistic cleanup of expired sessions
    await this.db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    return { token, expiresAt };
  }

  async deleteSession(token: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: sha256(token) } });
  }

  async createToken(userId: number, name: string, expiresAt: Date | null): Promise<{ token: string; id: number; createdAt: Date }> {
    const token = TOKEN_PREFIX + randomToken();
    const row = await this.db.apiToken.create({ data: { userId, name, tokenHash: sha256(token), expiresAt } });
    return { token, id: row.id, createdAt: row.createdAt };
  }

  /** The user a request authenticates as: a Bearer token first, else the session cookie. */
  async authenticate(request: FastifyRequest): Promise<AuthUser | null> {
    const header = request.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m?.[1]) throw new ApiError('DRV_API_UNAUTHENTICATED', 'malformed Authorization header (expected "Bearer <token>")');
      return this.fromToken(m[1]);
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (cookie) return this.fromSession(cookie);
    return null;
  }

  async fromToken(token: string): Promise<AuthUser | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const row = await userByTokenHash(this.sql, sha256(token));
    if (!row || (row.expiresAt && row.expiresAt <= new Date())) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      await this.db.apiToken.update({ where: { id: row.tokenId }, data: { lastUsedAt: new Date() } }).catch(() => {});
    }
    return { id: row.id, username: row.username, isSuperuser: row.isSuperuser, isSystemAuditor: row.isSystemAuditor, via: 'token' };
  }

  async fromSession(token: string): Promise<AuthUser | null> {
    if (token.length > 200) return null;
    const row = await userBySessionId(this.sql, sha256(token));
    if (!row || row.expiresAt <= new Date()) return null;
    return { id: row.id, username: row.username, isSuperuser: row.isSuperuser, isSystemAuditor: row.isSystemAuditor, via: 'session' };
  }
}

/** The authenticated user, or a 401. */
export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new ApiError('DRV_API_UNAUTHENTICATED', 'authentication required: log in or send a Bearer token');
  return request.user;
}

/** Whether the session cookie is `Secure` for this request ('auto': when the request came over https). */
export function secureCookie(request: FastifyRequest, setting: boolean | 'auto'): boolean {
  if (setting !== 'auto') return setting;
  const forwarded = request.headers['x-forwarded-proto'];
  return request.protocol === 'https' || (typeof forwarded === 'string' && forwarded.split(',')[0]!.trim() === 'https');
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

async function authPlugin(app: FastifyInstance, opts: { sessionTtlSeconds: number }): Promise<void> {
  const service = new AuthService(app.db, app.sql, opts.sessionTtlSeconds);
  app.decorate('auth', service);
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    request.user = await service.authenticate(request);
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['prisma'] });
