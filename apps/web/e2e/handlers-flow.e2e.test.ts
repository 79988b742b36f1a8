/**
 * Issue "web UI", item 7: the way an operator uses drover, in Chromium against the real server, worker and
 * loopback sshd hosts. Log in; create an organization, a project from a local directory, an inventory
 * (imported from INI text, without keys), a machine credential (user + SSH key) and a job template whose
 * play notifies handlers (one through a `listen` topic); launch it; watch the output stream; and see the
 * handler timeline show each notification and the handler runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fleet, logIn, startStack, type Fleet, type Stack } from './stack.js';

const PLAYBOOK = `- name: deploy
  hosts: all
  gather_facts: false
  tasks:
    - name: warm up
      command: sleep 2
      changed_when: false
    - name: write config
      command: "true"
      notify: restart app
    - name: bump version
      command: "true"
      notify: web changed
    - name: unchanged
      command: "true"
      changed_when: false
      notify: never runs
  handlers:
    - name: restart app
      debug:
        msg: "restarted {{ inventory_hostname }}"
    - name: reload proxy
      listen: web changed
      debug:
        msg: reloaded
    - name: never runs
      debug:
        msg: never
`;

describe('web UI: create, launch, watch the output and the handler timeline', () => {
  let stack: Stack;
  let hosts: Fleet;
  let page: Page;
  beforeAll(async () => {
    hosts = fleet(2);
    stack = await startStack();
    stack.project('handlers-demo', { 'site.yml': PLAYBOOK });
    page = await stack.newPage();
  });
  afterAll(async () => stack?.close());

  /** Fill a form field found by its label. */
  const fill = (label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
  const choose = (label: string, option: string) => page.getByLabel(label, { exact: true }).selectOption({ label: option });
  const add = async (section: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: section }).click();
    await page.getByRole('button', { name: 'Add' }).first().click();
  };
  const save = async () => {
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
  };

  it('does it all through the UI', async () => {
    try {
      await flow();
    } catch (e) {
      console.log(stack.server.output().split('\n').filter((l) => /"level":(40|50)|"level":"(warn|error)"/.test(l)).slice(-30).join('\n'));
      await page.screenshot({ path: '/tmp/drover-e2e-failure.png', fullPage: true }).catch(() => undefined);
      throw e;
    }
  });

  async function flow(): Promise<void> {
    await logIn(page);

    await add('Organizations');
    await fill('Name', 'Ops');
    await save();

    await add('Projects');
    await fill('Name', 'handlers demo');
    await choose('Organization', 'Ops');
    await choose('Source control type', 'Local directory');
    await fill('Local path', 'handlers-demo');
    await save();
    await page.getByText('site.yml').first().waitFor();

    await add('Inventories');
    await fill('Name', 'fleet');
    await choose('Organization', 'Ops');
    await save();
    await page.getByRole('tab', { name: 'Import' }).click();
    // addresses only: the user and the key come from the credential
    const ini = hosts.ini
      .split('\n')
      .filter((l) => !l.startsWith('ansible_ssh_common_args'))
      .map((l) => l.replace(/ ansible_user=\S+| ansible_ssh_private_key_file=\S+/g, ''))
      .join('\n');
    await fill('Inventory file', ini);
    await page.getByRole('form', { name: 'Import inventory' }).getByRole('button', { name: 'Import' }).click();
    await page.getByRole('tab', { name: 'Hosts' }).click();
    for (const h of hosts.hosts) await page.getByRole('cell', { name: h, exact: true }).waitFor();

    await add('Credentials');
    await fill('Name', 'fleet key');
    await choose('Organization', 'Ops');
    await choose('Credential type', 'Machine');
    await fill('Username', hosts.user);
    await fill('SSH private key', hosts.privateKey);
    await save();
    // write-only: the key is never shown back
    expect(await page.content()).not.toContain('PRIVATE KEY-----\n');

    await add('Templates');
    await fill('Name', 'deploy');
    await choose('Project', 'handlers demo');
    await choose('Playbook', 'site.yml');
    await choose('Inventory', 'fleet');
    await choose('Credential', 'fleet key');
    await save();

    // launch: nothing is prompted, so the job page opens
    await page.getByRole('button', { name: 'Launch' }).first().click();
    await page.waitForURL(/\/jobs\/\d+/);
    const output = page.getByRole('log', { name: 'Job output' });
    // live: the page shows the run while it is running, then streams the rest
    const status = page.getByRole('status', { name: 'Job status' });
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toBe('running');
    await output.getByText('TASK [warm up]').waitFor();
    await output.getByText('RUNNING HANDLER [restart app]').waitFor({ timeout: 60_000 });
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toBe('successful');
    for (const h of hosts.hosts) await output.getByText(new RegExp(`${h}\\s+: ok=6\\s+changed=2`)).waitFor();

    await page.getByRole('tab', { name: 'Handlers' }).click();
    const timeline = page.getByRole('region', { name: 'Handler timeline' });
    await timeline.waitFor();
    for (const h of hosts.hosts) {
      const lane = timeline.getByRole('list', { name: `Handler events of ${h}` });
      await lane.getByText("TASK [write config] notified handler 'restart app'", { exact: true }).waitFor();
      await lane.getByText("TASK [bump version] notified handler 'reload proxy' via 'web changed'", { exact: true }).waitFor();
      await lane.getByText("Flush (end of tasks): pending 'restart app', 'reload proxy'", { exact: true }).waitFor();
      await lane.getByText('RUNNING HANDLER [restart app]: ok', { exact: true }).waitFor();
      await lane.getByText('RUNNING HANDLER [reload proxy]: ok', { exact: true }).waitFor();
    }
    // the unchanged task notified nothing
    expect(await timeline.textContent()).not.toContain('never runs');
    await page.screenshot({ path: '/tmp/drover-e2e-handlers.png', fullPage: true });
  }
});
