/**
 * Regression corpus: runs every case in packages/engine/test/cases with our CLI against the
 * project's SSH test fleet and compares the normalized trace with expected/<case>.txt, which real
 * ansible-playbook 2.14 printed for the same case (see packages/engine/test/README.md).
 *
 *   npx vitest run packages/engine/src/tests
 *
 * Environment:
 *   DROVER_CASES=01-,25-missing   only the cases whose name starts with one of these prefixes
 *   DROVER_CASES_CMD="ansible-playbook"
 *                                 command used instead of `node packages/cli/bin/drover.js playbook`
 *                                 (split on spaces); with ansible-playbook this checks the corpus itself
 *   DROVER_CASES_INVENTORY=/x.ini use this fleet inventory instead of starting `bash infra/fleet.sh up 3`
 *                                 (e.g. the shared conformance fleet's /tmp/drover-fleet/hosts.ini)
 *   DROVER_CASES_OUT=/dir         keep each run's <case>.raw / <case>.txt there (default: a temp dir)
 *
 * Each case runs as `<cmd> -f 10 -i INV play.yml <args>` inside its directory with NO_COLOR=1, where
 * INV has group fleet = host1..host3 taken from the fleet inventory and, when the case has an
 * `extra_hosts` file, an `[others]` group with those lines. Two cases run at a time; a run is killed
 * after 60 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCaseResult } from './trace.js';
import { caseInventory, shellWords } from './harness.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const testDir = join(repoRoot, 'packages/engine/test');
const casesDir = join(testDir, 'cases');
const expectedDir = join(testDir, 'expected');
const fleetScript = join(repoRoot, 'infra/fleet.sh');

const CASE_TIMEOUT_MS = 60_000;
const CONCURRENCY = 2;

/** A counting semaphore: at most `n` callers inside `run` at once. */
function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (fn) => {
    if (active >= n) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

interface RunResult {
  code: number | string;
  timedOut: boolean;
}

/** Runs argv in cwd with stdout and stderr going, interleaved as printed, to rawFile. */
function runToFile(argv: string[], cwd: string, rawFile: string): Promise<RunResult> {
  return new Promise((resolveRun) => {
    const fd = openSync(rawFile, 'w');
    const child = spawn(argv[0], argv.slice(1), {
      cwd,
      detached: true, // own process group, so a timeout also kills ssh children
      stdio: ['ignore', fd, fd],
      env: {
        ...process.env,
        NO_COLOR: '1',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_NOCOWS: '1',
        ANSIBLE_HOST_KEY_CHECKING: 'False',
      },
    });
    closeSync(fd);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, CASE_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      writeFileSync(rawFile, `cannot run ${argv[0]}: ${err.message}\n`, { flag: 'a' });
      resolveRun({ code: 'spawn-error', timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code: code ?? `signal ${signal}`, timedOut });
    });
  });
}

const only = (process.env.DROVER_CASES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const cases = readdirSync(casesDir)
  .filter((c) => statSync(join(casesDir, c)).isDirectory() && existsSync(join(casesDir, c, 'play.yml')))
  .filter((c) => only.length === 0 || only.some((p) => c.startsWith(p)))
  .sort();

const inventoryOverride = process.env.DROVER_CASES_INVENTORY;
const skipReason =
  inventoryOverride || existsSync(fleetScript)
    ? null
    : 'infra/fleet.sh does not exist yet (no project test fleet); set DROVER_CASES_INVENTORY to run against another fleet';
if (skipReason) console.warn(`[cases] SKIPPED: ${skipReason}`);

const command = process.env.DROVER_CASES_CMD
  ? process.env.DROVER_CASES_CMD.split(/\s+/).filter(Boolean)
  : ['node', join(repoRoot, 'packages/cli/bin/drover.js'), 'playbook'];

describe.skipIf(skipReason !== null)(`playbook cases vs ansible-playbook 2.14 traces (${command.join(' ')})`, () => {
  let fleetIni = '';
  let workDir = '';
  const outDir = process.env.DROVER_CASES_OUT ?? '';
  const limit = limiter(CONCURRENCY);

  beforeAll(() => {
    let inventoryPath = inventoryOverride ?? '';
    if (!inventoryPath) {
      const up = spawnSync('bash', [fleetScript, 'up', '3'], { cwd: repoRoot, encoding: 'utf8', timeout: 170_000 });
      if (up.status !== 0) {
        throw new Error(`bash infra/fleet.sh up 3 failed (status ${up.status}):\n${up.stdout}\n${up.stderr}`);
      }
      const lines = up.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
      inventoryPath = lines[lines.length - 1] ?? '';
    }
    if (!inventoryPath || !existsSync(inventoryPath)) {
      throw new Error(`fleet inventory not found: '${inventoryPath}'`);
    }
    fleetIni = readFileSync(inventoryPath, 'utf8');
    workDir = mkdtempSync(join(tmpdir(), 'drover-cases-'));
    if (outDir) mkdirSync(outDir, { recursive: true });
  }, 180_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  // The vitest timeout must cover the wait for a free slot too; the 60 s limit per run is
  // enforced by killing the command (see runToFile).
  const testTimeout = CASE_TIMEOUT_MS * (Math.ceil(cases.length / CONCURRENCY) + 2);

  for (const name of cases) {
    it.concurrent(
      name,
      async () => {
        const caseDir = join(casesDir, name);
        const expectedFile = join(expectedDir, `${name}.txt`);
        expect(existsSync(expectedFile), `missing ${expectedFile}: record it with packages/engine/test/record.sh ${name}`).toBe(true);
        const expected = readFileSync(expectedFile, 'utf8');

        const extraFile = join(caseDir, 'extra_hosts');
        const inv = join(workDir, `${name}.ini`);
        writeFileSync(inv, caseInventory(fleetIni, existsSync(extraFile) ? readFileSync(extraFile, 'utf8') : null));
        const argsFile = join(caseDir, 'args');
        const args = existsSync(argsFile) ? shellWords(readFileSync(argsFile, 'utf8')) : [];
        const rawFile = join(outDir || workDir, `${name}.raw`);

        const { code, timedOut } = await limit(() =>
          runToFile([...command, '-f', '10', '-i', inv, 'play.yml', ...args], caseDir, rawFile),
        );
        const raw = readFileSync(rawFile, 'utf8');
        const shown = raw.length > 4000 ? `${raw.slice(0, 4000)}\n[... ${raw.length - 4000} more characters]` : raw;
        const actual = formatCaseResult(raw, code, { caseDir });
        if (outDir) writeFileSync(join(outDir, `${name}.txt`), actual);

        expect(timedOut, `${name}: killed after ${CASE_TIMEOUT_MS / 1000} s; output so far:\n${shown}`).toBe(false);
        expect(actual, `${name}: normalized trace differs from expected/${name}.txt (raw output${outDir ? ` in ${rawFile}` : ''}:\n${shown})`).toBe(expected);
      },
      testTimeout,
    );
  }
});
