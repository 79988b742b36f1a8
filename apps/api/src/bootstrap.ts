/** The first user: created when the database has none, from DROVER_ADMIN_USER/DROVER_ADMIN_PASSWORD or with a generated password. */
import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '@drover/db';
import { checkPasswordPolicy, hashPassword } from './plugins/app/auth.service.js';

export interface CreatedAdmin {
  id: number;
  username: string;
  /** Set when the password was generated (to print once). */
  generatedPassword?: string;
}

export async function ensureAdmin(db: PrismaClient, env: Readonly<Record<string, string | undefined>>): Promise<CreatedAdmin | null> {
  if ((await db.user.count()) > 0) return null;
  const username = env['DROVER_ADMIN_USER'] || 'admin';
  let password = env['DROVER_ADMIN_PASSWORD'] || '';
  let generated: string | undefined;
  if (password) {
    const problem = checkPasswordPolicy(password);
    if (problem) throw new Error(`DROVER_ADMIN_PASSWORD ${problem}`);
  } else {
    password = generated = randomBytes(18).toString('base64url');
  }
  // Two processes starting at once: the unique username makes the second create fail; treat it as done.
  try {
    const user = await db.user.create({ data: { username, passwordHash: await hashPassword(password), isSuperuser: true } });
    return { id: user.id, username, ...(generated ? { generatedPassword: generated } : {}) };
  } catch (e) {
    if ((e as { code?: string }).code === 'P2002') return null;
    throw e;
  }
}
