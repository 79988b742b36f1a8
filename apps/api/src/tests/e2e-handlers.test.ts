/**
 * Issue 7, item 10: launch a template through the HTTP API against real loopback sshd hosts
 * (infra/fleet.sh), watch the job complete over socket.io, and check that the stored events record
 * the handler: playbook_on_notify for each host and playbook_on_handler_task_start for the run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, LiveJobEvent, ServerToClientEvents } from '@drover/events';
import { localProject } from './fixtures.js';
import type { TestContext } from './helper.js';
import { startLiveStack, type LiveStack } from './live-stack.js';

const PLAYBOOK = `- hosts: all
  gather_facts: false
  tasks:
    - name: change config
      command: "true"
      notify: restart app
    - name: unchanged
      command: "true"
      changed_when: false
      notify: never runs
  handlers:
    - name: restart app
      debug:
        msg: "restarted {{ inventory_hostname }}"
    - name: never runs
      debug:
        msg: never
`;

const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** host name -> its connection variables, from the fleet inventory infra/fleet.sh writes. */
function fleetHosts(): Array<{ name: string; variables: Record<string, string> }> {
  const out = execFileSync('bash', [`${root}infra/fleet.sh`, 'up', '3'], { encoding: 'utf8' });
  const ini = readFileSync(out.trim().split('\n').pop()!, 'utf8');
  return ini
    .split('\n')
    .filter((l) => /^host\d+ /.test(l))
    .map((l) => {
      const [name, ...kv] = l.trim().split(/\s+/);
      return { name: name!, variables: Object.fromEntries(kv.map((p) => p.split('=', 2) as [string, string])) };
    });
}

describe('launch over HTTP -> worker on sshd hosts -> handler events', () => {
  let stack: LiveStack;
  let t: TestContext;
  let url: string;
  beforeAll(async () => {
    stack = await startLiveStack();
    ({ t, url } = stack);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('stores playbook_on_notify and playbook_on_handler_task_start for the handler that ran', async () => {
    const api = t.admin.api;
    const org = (await api.post('/api/v1/organizations', { name: 'handlers' })).body.id;
    const project = await localProject(t, org, 'handlers', { 'site.yml': PLAYBOOK });
    const inv = (await api.post('/api/v1/inventories', { name: 'fleet', organization: org })).body.id;
    const hosts = fleetHosts();
    for (const h of hosts) expect((await api.post(`/api/v1/inventories/${inv}/hosts`, h)).status).toBe(201);
    const tpl = (await api.post('/api/v1/job_templates', { name: 'deploy', project, playbook: 'site.yml', inventory: inv })).body;

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, { auth: { token: t.admin.token }, transports: ['websocket'], forceNew: true });
    const live: LiveJobEvent[] = [];
    let complete: { job: number; last_counter: number } | undefined;
    socket.on('job:event', (e) => live.push(e));
    socket.on('job:events_complete', (m) => (complete = m));
    await new Promise<void>((r) => socket.on('connect', () => r()));
    const launched = await api.post(`/api/v1/job_templates/${tpl.id}/launch`);
    expect(launched.status).toBe(201);
    const job = launched.body;
    expect((await socket.emitWithAck('job:subscribe', { job: job.id, last_counter: 0 })).ok).toBe(true);
    const until = Date.now() + 60_000;
    while (!complete && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    socket.disconnect();
    expect(complete?.job).toBe(job.id);
    expect((await api.get(`/api/v1/jobs/${job.id}`)).body.status).toBe('successful');

    // what was streamed live is what was stored
    const stored = (await api.get(`/api/v1/jobs/${job.id}/job_events?limit=1000`)).body.results as LiveJobEvent[];
    expect(stored.map((e) => e.counter)).toEqual(live.map((e) => e.counter));

    const notifies = (await api.get(`/api/v1/jobs/${job.id}/job_events?event=playbook_on_notify&limit=100`)).body.results as LiveJobEvent[];
    expect(notifies.map((e) => `${String(e.event_data['handler'])}@${String(e.host_name)}`).sort()).toEqual(
      hosts.map((h) => `restart app@${h.name}`).sort(),
    );
    const starts = (await api.get(`/api/v1/jobs/${job.id}/job_events?event=playbook_on_handler_task_start&limit=100`)).body.results as LiveJobEvent[];
    expect(starts.map((e) => e.event_data['task'])).toEqual(['restart app']);
    const handlerResults = stored.filter((e) => e.event === 'runner_on_ok' && e.event_data['task'] === 'restart app');
    expect(handlerResults.map((e) => e.host_name).sort()).toEqual(hosts.map((h) => h.name).sort());
    const stdout = (await api.get(`/api/v1/jobs/${job.id}/stdout?format=txt`)).text;
    expect(stdout).toContain('RUNNING HANDLER [restart app]');
    expect(stdout).not.toContain('RUNNING HANDLER [never runs]');
  });
});
