import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../tests/helper.js';

describe('the session cookie', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await buildTestApp({ configOverrides: { cookieSecure: 'auto' } });
  });
  afterAll(async () => t?.close());

  const login = async (headers: Record<string, string> = {}) => {
    const user = await t.createUser(`u${Math.random().toString(36).slice(2, 8)}`);
    const r = await t.anonymous.raw({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password }, headers });
    expect(r.status).toBe(200);
    return String(r.headers['set-cookie']);
  };

  it('is httpOnly and SameSite=Lax, and Secure only when the login came over https (auto)', async () => {
    const plain = await login();
    expect(plain).toMatch(/^drover_session=/);
    expect(plain).toMatch(/HttpOnly/);
    expect(plain).toMatch(/SameSite=Lax/);
    expect(plain).not.toMatch(/Secure/);
    expect(await login({ 'x-forwarded-proto': 'https' })).toMatch(/; Secure/);
  });
});
