/** The UI served by `drover server`: it loads, logs in and out, and a reload keeps the session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, logIn, startStack, type Stack } from './stack.js';

describe('web UI: login and the frame (Chromium against drover server)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it('loads, refuses a bad password, logs in and out', async () => {
    const page = await stack.newPage();
    const t0 = Date.now();
    await page.goto('/');
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    const loadMs = Date.now() - t0;
    console.log(`[e2e] login screen ready ${loadMs} ms after navigation (target < 1000 ms)`);

    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('invalid username or password');

    await logIn(page);
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByLabel('User menu').click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
  });
});
