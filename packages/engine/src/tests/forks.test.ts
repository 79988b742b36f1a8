import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, beforeAll } from 'vitest';
import type { JobEvent } from '@drover/events';
import { Inventory, loadPlaybook, runPlaybook } from '../index.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
let inventoryPath = '';

beforeAll(() => {
  const out = execFileSync('bash', [join(root, 'infra/fleet.sh'), 'up', '3'], { encoding: 'utf8' });
  inventoryPath = out.trim().split('\n').pop()!;
});

/** Run the fixture with `forks`, return each host's [start, end] window as the hosts measured it. */
async function windows(forks: number): Promise<Array<[number, number]>> {
  const playbook = await loadPlaybook(join(root, 'packages/engine/test/fixtures/forks/play.yml'));
  const inventory = await Inventory.load([inventoryPath]);
  const events: JobEvent[] = [];
  const outcome = await runPlaybook({ playbook, inventory, forks, sinks: [(e) => events.push(e)] });
  expect(outcome.exitCode).toBe(0);
  return events
    .filter((e) => e.event === 'runner_on_ok')
    .map((e) => {
      const lines = String((e.event_data as { res: Record<string, unknown> }).res['stdout']).split('\n');
      return [Number(lines[0]) / 1e6, Number(lines[1]) / 1e6] as [number, number];
    })
    .sort((a, b) => a[0] - b[0]);
}

const overlaps = (w: Array<[number, number]>) => w.some((x, i) => i > 0 && x[0] < w[i - 1]![1]);

describe('-f/--forks', () => {
  it('runs one host at a time with forks=1', async () => {
    const w = await windows(1);
    expect(w).toHaveLength(3);
    expect(overlaps(w)).toBe(false);
  });

  it('runs hosts side by side with forks=3', async () => {
    const w = await windows(3);
    expect(w).toHaveLength(3);
    expect(overlaps(w)).toBe(true);
  });
});
