/**
 * The web UI's speed, measured in Chromium against the real `drover server` (prints figures, asserts
 * nothing about time):
 *   - login screen and dashboard: time from navigation until usable;
 *   - a job of BENCH_WEB_LINES output lines (default 100,000, stored events seeded with SQL): time until
 *     the first lines show, until every line is loaded, rows actually in the DOM, JS heap, time to jump
 *     to the end, and a search over all lines.
 *   BENCH_WEB_LINES=100000 npm run bench:web
 */
import { it } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { logIn, startStack } from '../e2e/stack.js';

const LINES = Number(process.env['BENCH_WEB_LINES'] ?? 100_000);
const HOSTS = 20;

const rows: Array<[string, string]> = [];
const log = (what: string, value: string): void => {
  rows.push([what, value]);
  console.log(`[bench:web] ${what}: ${value}`);
};

async function timeUntil(page: Page, fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** A finished job whose events print ~`lines` lines: one TASK banner (2 lines) per HOSTS ok/changed/failed lines. */
async function seedJob(databaseUrl: string, lines: number): Promise<number> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const user = await db.query<{ id: number }>(`SELECT id FROM users ORDER BY id LIMIT 1`);
    const job = await db.query<{ id: number }>(
      `INSERT INTO jobs (name, "createdById", status, playbook, "startedAt", "finishedAt", elapsed)
       VALUES ('bench: 100k lines', $1, 'successful', 'site.yml', now() - interval '5 minutes', now(), 300) RETURNING id`,
      [user.rows[0]!.id],
    );
    const jobId = job.rows[0]!.id;
    const perTask = HOSTS + 2;
    const events = Math.ceil(lines / perTask) * (HOSTS + 1);
    await db.query(
      `INSERT INTO job_events ("jobId", counter, uuid, "parentUuid", event, "eventData", host, play, task, role, changed, failed, stdout, "startLine", "endLine", created)
       SELECT $1::int, c, md5($1::text || ':' || c), NULL, ev,
              jsonb_build_object('task', 'task ' || t, 'host', h, 'res', jsonb_build_object('changed', k % 3 = 0, 'rc', 0, 'stdout', 'output of task ' || t)),
              h, 'bench', 'task ' || t, '', h IS NOT NULL AND k % 3 = 0, false,
              CASE WHEN k = 0 THEN E'\\nTASK [task ' || t || E'] *************************************************************\\n'
                   WHEN k % 3 = 0 THEN E'\\u001b[0;33mchanged: [' || h || E']\\u001b[0m\\n'
                   ELSE E'\\u001b[0;32mok: [' || h || E']\\u001b[0m\\n' END,
              0, 0, now()
       FROM (SELECT c, (c - 1) / ${HOSTS + 1} AS t, (c - 1) % ${HOSTS + 1} AS k,
                    CASE WHEN (c - 1) % ${HOSTS + 1} = 0 THEN 'playbook_on_task_start' ELSE 'runner_on_ok' END AS ev,
                    CASE WHEN (c - 1) % ${HOSTS + 1} > 0 THEN 'host' || ((c - 1) % ${HOSTS + 1}) END AS h
             FROM generate_series(1, $2::int) c) s`,
      [jobId, events],
    );
    await db.query(`UPDATE jobs SET "eventsEmitted" = $2 WHERE id = $1`, [jobId, events]);
    return jobId;
  } finally {
    await db.end();
  }
}

it('web UI speed', async () => {
  const stack = await startStack();
  try {
    const page = await stack.newPage();
    const loginMs = await timeUntil(page, async () => {
      await page.goto('/');
      await page.getByRole('button', { name: 'Log in' }).waitFor();
    });
    log('login screen usable after navigation', `${loginMs.toFixed(0)} ms`);
    await logIn(page);
    const dashMs = await timeUntil(page, async () => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.getByText('Loading…').first().waitFor({ state: 'detached' }).catch(() => undefined);
    });
    log('dashboard loaded after navigation', `${dashMs.toFixed(0)} ms`);

    const jobId = await seedJob(stack.databaseUrl, LINES);
    const output = page.getByRole('log', { name: 'Job output' });
    const t0 = performance.now();
    await page.goto(`/jobs/${jobId}`);
    await output.locator('[data-row]').first().waitFor();
    log('job page: first lines shown after navigation', `${(performance.now() - t0).toFixed(0)} ms`);
    await page.waitForFunction(
      (n) => Number(document.querySelector('[role=log][aria-label="Job output"]')?.getAttribute('data-rows') ?? 0) >= n,
      LINES * 0.99,
      { timeout: 300_000, polling: 100 },
    );
    const total = Number(await output.getAttribute('data-rows'));
    log(`job page: all ${total} lines loaded after navigation`, `${(performance.now() - t0).toFixed(0)} ms`);
    log('rows in the DOM while showing them', String(await output.locator('[data-row]').count()));

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const metrics = (await cdp.send('Performance.getMetrics')).metrics;
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    log('JS heap after loading (after GC)', `${(heap / 1024 / 1024).toFixed(1)} MiB`);

    const jumpMs = await timeUntil(page, async () => {
      await output.focus();
      await page.keyboard.press('End');
      await output.locator('[data-row]').last().waitFor();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    });
    log('jump to the end (End key) until painted', `${jumpMs.toFixed(0)} ms`);

    const searchMs = await timeUntil(page, async () => {
      await page.getByRole('searchbox', { name: 'Search output' }).fill('host17]');
      await page.waitForFunction(() => /\d/.test(document.querySelector('.match-count')?.textContent ?? ''), undefined, { timeout: 60_000, polling: 20 });
    });
    log(`search over ${total} lines until the match count shows`, `${searchMs.toFixed(0)} ms (${await page.locator('.match-count').textContent()})`);
  } finally {
    await stack.close();
  }
  console.log('\n| what | result |\n| --- | --- |\n' + rows.map(([a, b]) => `| ${a} | ${b} |`).join('\n'));
});
