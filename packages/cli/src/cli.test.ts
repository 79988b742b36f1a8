/**
 * `drover playbook` as a child process, against the loopback fleet (infra/fleet.sh), compared with
 * what ansible-playbook 2.14 printed for the same files. The expected strings below were taken from
 * real ansible-playbook output; where drover deliberately differs, the test says so and keeps
 * Ansible's text beside ours.
 *
 * `DROVER_CLI_CMD=ansible-playbook npx vitest run packages/cli` runs the same tests against
 * ansible-playbook itself (the `ours` expectations are then swapped for the `ansible` ones).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseJobEvent } from '@drover/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = join(ROOT, 'packages/cli/bin/drover.js');
const FLEET = join(ROOT, 'infra/fleet.sh');
const ANSIBLE = process.env['DROVER_CLI_CMD'] === 'ansible-playbook';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir = '';
const markers: string[] = [];

function write(rel: string, text: string): string {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** `drover playbook ARGS` (or ansible-playbook ARGS) in the fixture dir; no colour settings inherited. */
function run(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const base = { ...process.env };
  for (const k of ['NO_COLOR', 'FORCE_COLOR', 'ANSIBLE_FORCE_COLOR', 'ANSIBLE_NOCOLOR']) delete base[k];
  const [cmd, argv] = ANSIBLE ? ['ansible-playbook', [...args]] : [process.execPath, [BIN, 'playbook', ...args]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, argv, { cwd: dir, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

/** A marker path on this machine: the fleet hosts are loopback sshd's, so a task's `touch` lands here. */
function marker(tag: string): string {
  const p = `/tmp/drover-marker-${randomBytes(6).toString('hex')}-${tag}`;
  markers.push(p);
  return p;
}

/** --list-hosts host lines come from a Python set in ansible-playbook (random order): sort each run of them. */
function sortHostRuns(text: string): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^ {6}\S/.test(lines[i]!) || !/^ {4}hosts \(\d+\):$/.test(lines[i - 1] ?? '')) continue;
    let j = i;
    while (j < lines.length && /^ {6}\S/.test(lines[j]!)) j++;
    lines.splice(i, j - i, ...lines.slice(i, j).sort());
  }
  return lines.join('\n');
}

const NO_TRACE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

const fleetReady = existsSync(FLEET);

beforeAll(() => {
  if (!fleetReady) return;
  const up = spawnSync('bash', [FLEET, 'up', '3'], { encoding: 'utf8' });
  if (up.status !== 0) throw new Error(`infra/fleet.sh up 3 failed:\n${up.stdout}\n${up.stderr}`);
  const inventory = up.stdout.trim().split('\n').pop()!;
  dir = mkdtempSync(join(tmpdir(), 'drover-cli-test-'));
  write('inv.ini', readFileSync(inventory, 'utf8') + '[others]\nghost ansible_host=127.0.0.99\n');
  write('roles/r1/tasks/main.yml', '- name: r1 task\n  debug: msg=r1\n  notify: r1 handler\n  tags: [rt]\n- debug: msg=r1b\n');
  write('roles/r1/handlers/main.yml', '- name: r1 handler\n  debug: msg=h\n  listen: [topic1]\n');
  write('roles/r2/tasks/main.yml', '- name: r2 task\n  debug: msg=r2\n');
  write('roles/r2/handlers/main.yml', '- name: r2 handler\n  debug: msg=h2\n');
  write('inc.yml', "- name: inc task {{ foo | default('x') }}\n  debug: msg=inc\n- debug: msg=inc2\n");
  write(
    'list.yml',
    `- name: first play
  hosts: fleet
  gather_facts: false
  tags: [ptag]
  roles:
    - r1
  tasks:
    - name: plain
      command: echo hi
      tags: [a, b]
    - block:
        - name: in block
          debug: msg=x
        - debug: msg=y
      rescue:
        - name: rescuer
          debug: msg=r
      always:
        - name: alw
          debug: msg=a
      tags: blk
    - import_role:
        name: r2
    - name: flush
      meta: flush_handlers
  handlers:
    - name: ph1
      debug: msg=ph1
      listen: topic1
    - name: ph2
      debug: msg=ph2
- hosts: host1,host2
  gather_facts: false
  tasks:
    - shell: echo 1
`,
  );
  write(
    'list2.yml',
    `- hosts: host1,host2
  gather_facts: false
  tags: [alpha]
  vars:
    foo: bar
  pre_tasks:
    - name: pre {{ foo }}
      debug: msg=pre
  roles:
    - role: r2
      tags: [roletag]
  tasks:
    - import_tasks: inc.yml
      tags: imp
    - include_tasks: inc.yml
    - name: named include
      include_tasks: inc.yml
    - include_role:
        name: r1
    - meta: flush_handlers
    - name: never task
      debug: msg=n
      tags: [never]
    - name: never always
      debug: msg=n
      tags: [never, always]
    - ansible.builtin.command: echo
  post_tasks:
    - name: post
      debug: msg=post
- hosts: fleet
  tasks: []
`,
  );
  write(
    'tpl.yml',
    `- name: "play {{ foo }}"
  hosts: "{{ target }}"
  gather_facts: false
  vars:
    foo: bar
  tasks:
    - debug: msg=x
- hosts: nomatch
  tasks: []
`,
  );
  write(
    'run.yml',
    `- hosts: fleet
  gather_facts: false
  tasks:
    - name: ok task
      debug: msg="hello {{ inventory_hostname }}"
    - name: changed task
      command: echo hi
      notify: h1
    - name: skip some
      debug: msg=s
      when: inventory_hostname == 'host1'
    - name: fail on host2
      command: /bin/false
      when: inventory_hostname == 'host2'
    - name: after
      debug: msg=after
  handlers:
    - name: h1
      debug: msg=handler
`,
  );
  write('unreach.yml', '- hosts: ghost,host1\n  gather_facts: false\n  tasks:\n    - name: ping it\n      command: echo hi\n');
  write('allok.yml', '- hosts: fleet\n  gather_facts: false\n  tasks:\n    - name: ok task\n      debug: msg=hi\n');
  write(
    'nohandler.yml',
    '- hosts: fleet\n  gather_facts: false\n  tasks:\n    - name: notify missing\n      command: echo hi\n      notify: not there\n',
  );
  write(
    'ev.yml',
    '- hosts: host1\n  gather_facts: false\n  tasks:\n' + ['a', 'b', 'c', 'd', 'e', '_raw_params'].map((v) => `    - debug: var=${v}\n`).join(''),
  );
  write('ev-vars.yml', 'a: fromfile\nb: [1, 2]\nd: yes\n');
  write('ev-vars.json', '{"c": {"x": 1}}');
}, 180_000);

afterAll(() => {
  for (const m of markers) rmSync(m, { force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!fleetReady)('drover playbook (compared with ansible-playbook 2.14)', () => {
  describe('listings', () => {
    it('--list-hosts', async () => {
      const r = await run(['-i', 'inv.ini', 'list.yml', '--list-hosts']);
      expect(r.code).toBe(0);
      // ansible-playbook prints each play's hosts from a set (any order); drover in inventory order
      expect(ANSIBLE ? sortHostRuns(r.stdout) : r.stdout).toBe(
        `
playbook: list.yml

  play #1 (fleet): first play\tTAGS: [ptag]
    pattern: ['fleet']
    hosts (3):
      host1
      host2
      host3

  play #2 (host1,host2): host1,host2\tTAGS: []
    pattern: ['host1,host2']
    hosts (2):
      host1
      host2
`,
      );
    });

    it('--list-tasks: role tasks as `role : name`, unnamed ones by action, only `block` parts of blocks, inherited sorted tags', async () => {
      const r = await run(['-i', 'inv.ini', 'list.yml', '--list-tasks']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        `
playbook: list.yml

  play #1 (fleet): first play\tTAGS: [ptag]
    tasks:
      r1 : r1 task\tTAGS: [ptag, rt]
      debug\tTAGS: [ptag]
      plain\tTAGS: [a, b, ptag]
      in block\tTAGS: [blk, ptag]
      debug\tTAGS: [blk, ptag]
      r2 : r2 task\tTAGS: [ptag]
      flush\tTAGS: [ptag]

  play #2 (host1,host2): host1,host2\tTAGS: []
    tasks:
      shell\tTAGS: []
`,
      );
    });

    it('--list-tasks: imports expanded, includes as one line, `never` left out, names not templated', async () => {
      const r = await run(['-i', 'inv.ini', 'list2.yml', '--list-tasks', '--list-hosts']);
      expect(r.code).toBe(0);
      expect(ANSIBLE ? sortHostRuns(r.stdout) : r.stdout).toBe(
        `
playbook: list2.yml

  play #1 (host1,host2): host1,host2\tTAGS: [alpha]
    pattern: ['host1,host2']
    hosts (2):
      host1
      host2
    tasks:
      pre {{ foo }}\tTAGS: [alpha]
      r2 : r2 task\tTAGS: [alpha, roletag]
      inc task {{ foo | default('x') }}\tTAGS: [alpha, imp]
      debug\tTAGS: [alpha, imp]
      include_tasks\tTAGS: [alpha]
      named include\tTAGS: [alpha]
      include_role\tTAGS: [alpha]
      meta\tTAGS: [alpha]
      never always\tTAGS: [alpha, always, never]
      ansible.builtin.command\tTAGS: [alpha]
      post\tTAGS: [alpha]

  play #2 (fleet): fleet\tTAGS: []
    pattern: ['fleet']
    hosts (3):
      host1
      host2
      host3
    tasks:
`,
      );
    });

    it('--list-hosts templates the play name and pattern with play vars and -e; warns about a pattern that matches nothing', async () => {
      const r = await run(['-i', 'inv.ini', 'tpl.yml', '-e', 'target=host2', '--list-hosts']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('[WARNING]: Could not match supplied host pattern, ignoring: nomatch\n');
      expect(r.stdout).toBe(
        `
playbook: tpl.yml

  play #1 (host2): play bar\tTAGS: []
    pattern: ['host2']
    hosts (1):
      host2

  play #2 (nomatch): nomatch\tTAGS: []
    pattern: ['nomatch']
    hosts (0):
`,
      );
    });

    it('--syntax-check prints the playbook names only (also with --list-tasks) and exits 0', async () => {
      const r = await run(['-i', 'inv.ini', 'list.yml', 'list2.yml', '--syntax-check', '--list-tasks']);
      expect(r).toEqual({ code: 0, stdout: '\nplaybook: list.yml\n\nplaybook: list2.yml\n', stderr: '' });
    });

    it('--syntax-check: a parse error exits 4 with the error; vars files are not looked at', async () => {
      const bad = write('syntax-bad.yml', '- hosts: fleet\n  tasks:\n    - name: two modules\n      debug: msg=x\n      command: echo hi\n');
      const r = await run(['-i', 'inv.ini', 'syntax-bad.yml', '--syntax-check']);
      expect(r.code).toBe(4);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ERROR! conflicting action statements: debug, command\n\nThe error appears to be in '/);
      expect(r.stderr).toContain(bad);
      write('syntax-vf.yml', '- hosts: fleet\n  vars_files: [no_such_vars.yml]\n  tasks: []\n');
      const vf = await run(['-i', 'inv.ini', 'syntax-vf.yml', '--syntax-check']);
      expect(vf).toEqual({ code: 0, stdout: '\nplaybook: syntax-vf.yml\n', stderr: '' });
    });

    it.skipIf(ANSIBLE)('--list-handlers (ours): role handlers, play handlers, import_role handlers, with listen topics', async () => {
      const r = await run(['-i', 'inv.ini', 'list.yml', '--list-handlers']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        `
playbook: list.yml

  play #1 (fleet): first play\tTAGS: [ptag]
    handlers (in run order):
      r1 : r1 handler\tLISTEN: [topic1]
      ph1\tLISTEN: [topic1]
      ph2\tLISTEN: []
      r2 : r2 handler\tLISTEN: []

  play #2 (host1,host2): host1,host2\tTAGS: []
    handlers (in run order):
`,
      );
    });
  });

  describe('exit codes', () => {
    it('0 when all is ok', async () => {
      const r = await run(['-i', 'inv.ini', 'allok.yml']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^host1 +: ok=1    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   $/m);
    });

    it('2 when a host failed', async () => {
      const r = await run(['-i', 'inv.ini', 'run.yml']);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('fatal: [host2]: FAILED! => {"changed": true, "cmd": ["/bin/false"], "delta": ');
      expect(r.stdout).toContain(
        'host2                      : ok=2    changed=1    unreachable=0    failed=1    skipped=1    rescued=0    ignored=0   \n',
      );
    });

    it('4 when a host was unreachable', async () => {
      const r = await run(['-i', 'inv.ini', 'unreach.yml']);
      expect(r.code).toBe(4);
      expect(r.stdout).toContain(
        'fatal: [ghost]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host 127.0.0.99 port 22: Connection refused", "unreachable": true}\n',
      );
      expect(r.stdout).toContain(
        'ghost                      : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0   \n',
      );
    });

    it('1 for an error during the run (a missing handler)', async () => {
      const r = await run(['-i', 'inv.ini', 'nohandler.yml']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('TASK [notify missing] ***');
      expect(r.stderr).toMatch(
        /^ERROR! The requested handler 'not there' was not found in either the main handlers list nor in the listening handlers list$/m,
      );
      expect(r.stderr).not.toMatch(NO_TRACE);
    });

    it('2 for an unknown option: usage, the error, a " " line and the help on stderr', async () => {
      const r = await run(['-i', 'inv.ini', '--bogus', 'allok.yml']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const prog = ANSIBLE ? 'ansible-playbook' : 'drover playbook';
      expect(r.stderr).toMatch(new RegExp(`^usage: ${prog} \\[-h\\]`));
      expect(r.stderr).toContain(`\n${prog}: error: unrecognized arguments: --bogus\n \nusage: ${prog} [-h]`);
    });

    it('2 for a missing playbook argument and for a bad --forks', async () => {
      const prog = ANSIBLE ? 'ansible-playbook' : 'drover playbook';
      const none = await run(['-i', 'inv.ini']);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain(`\n${prog}: error: the following arguments are required: playbook\n`);
      const forks = await run(['-i', 'inv.ini', '-f', 'abc', 'allok.yml']);
      expect(forks.code).toBe(2);
      expect(forks.stderr).toContain(`\n${prog}: error: argument -f/--forks: invalid int value: 'abc'\n`);
      const zero = await run(['-i', 'inv.ini', '-f', '0', 'allok.yml']);
      expect(zero.code).toBe(2);
      expect(zero.stderr).toContain(`\n${prog}: error: The number of processes (--forks) must be >= 1\n`);
    });

    it('1 for a missing playbook file, checked before anything runs', async () => {
      const m = marker('missing-pb');
      write('touch-first.yml', `- hosts: fleet\n  gather_facts: false\n  tasks:\n    - command: touch ${m}\n`);
      const r = await run(['-i', 'inv.ini', 'touch-first.yml', 'nothere.yml']);
      expect(r).toEqual({ code: 1, stdout: '', stderr: 'ERROR! the playbook: nothere.yml could not be found\n' });
      expect(existsSync(m)).toBe(false);
      const d = await run(['-i', 'inv.ini', '/tmp']);
      expect(d).toEqual({ code: 1, stdout: '', stderr: 'ERROR! the playbook: /tmp does not appear to be a file\n' });
    });

    it('5 for extra vars that are not a dictionary (AnsibleOptionsError: help on stdout)', async () => {
      const r = await run(['-i', 'inv.ini', '-e', '[1,2]', 'allok.yml']);
      expect(r.code).toBe(5);
      expect(r.stdout).toMatch(/^usage: /);
      expect(r.stderr).toMatch(/^ERROR! Invalid extra vars data supplied\. '\[1,2\]' could not be made into a dictionary$/m);
      const p = await run(['-i', 'inv.ini', '-e', './ev-vars.yml', 'allok.yml']);
      expect(p.code).toBe(5);
      expect(p.stderr).toMatch(/^ERROR! Please prepend extra_vars filename '\.\/ev-vars\.yml' with '@'$/m);
    });

    it('4 for unparseable -e text, 1 for a missing -e @file', async () => {
      const bad = await run(['-i', 'inv.ini', '-e', '{bad json', 'allok.yml']);
      expect(bad.code).toBe(4);
      expect(bad.stderr).toContain('ERROR! ');
      expect(bad.stderr).toContain(ANSIBLE ? "did not find expected ',' or '}'" : "Syntax Error while loading YAML from extra vars '{bad json'");
      const missing = await run(['-i', 'inv.ini', '-e', '@nofile.yml', 'allok.yml']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(new RegExp(`^ERROR! Unable to retrieve file contents\\nCould not find or access '${dir}/nofile.yml' on the`, 'm'));
    });

    it('1 when --limit leaves no host', async () => {
      const r = await run(['-i', 'inv.ini', '-l', 'nomatch', 'allok.yml']);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          '[WARNING]: Could not match supplied host pattern, ignoring: nomatch\nERROR! Specified inventory, host pattern and/or --limit leaves us with no hosts to target.\n',
      });
    });
  });

  describe('colours', () => {
    const G = (s: string) => `\x1b[0;32m${s}\x1b[0m`;
    const Y = (s: string) => `\x1b[0;33m${s}\x1b[0m`;
    const R = (s: string) => `\x1b[0;31m${s}\x1b[0m`;
    const C = (s: string) => `\x1b[0;36m${s}\x1b[0m`;
    const BR = (s: string) => `\x1b[1;31m${s}\x1b[0m`;

    it('ANSIBLE_FORCE_COLOR=1: ok green, changed yellow, skipping cyan, failed red; recap host coloured and padded', async () => {
      const r = await run(['-i', 'inv.ini', 'run.yml'], { ANSIBLE_FORCE_COLOR: '1' });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(`${G('ok: [host1] => {')}\n${G('    "msg": "hello host1"')}\n${G('}')}\n`);
      expect(r.stdout).toContain(Y('changed: [host1]') + '\n');
      expect(r.stdout).toContain(C('skipping: [host2]') + '\n');
      expect(r.stdout).toMatch(/^\x1b\[0;31mfatal: \[host2\]: FAILED! => \{"changed": true, .*\}\x1b\[0m$/m);
      expect(r.stdout).toContain(
        `${Y('host1')}                      : ${G('ok=5   ')} ${Y('changed=1   ')} unreachable=0    failed=0    ${C('skipped=1   ')} rescued=0    ignored=0   \n`,
      );
      expect(r.stdout).toContain(
        `${R('host2')}                      : ${G('ok=2   ')} ${Y('changed=1   ')} unreachable=0    ${R('failed=1   ')} ${C('skipped=1   ')} rescued=0    ignored=0   \n`,
      );
    });

    it('unreachable is bright red', async () => {
      const r = await run(['-i', 'inv.ini', 'unreach.yml'], { ANSIBLE_FORCE_COLOR: '1' });
      expect(r.stdout).toContain(
        BR('fatal: [ghost]: UNREACHABLE! => {"changed": false, "msg": "Failed to connect to the host via ssh: ssh: connect to host 127.0.0.99 port 22: Connection refused", "unreachable": true}'),
      );
      expect(r.stdout).toContain(
        `${R('ghost')}                      : ok=0    changed=0    ${BR('unreachable=1   ')} failed=0    skipped=0    rescued=0    ignored=0   \n`,
      );
    });

    it('none when piped, with NO_COLOR=1, or with ANSIBLE_FORCE_COLOR=0; ANSIBLE_FORCE_COLOR wins over NO_COLOR', async () => {
      for (const env of [{}, { NO_COLOR: '1' }, { ANSIBLE_FORCE_COLOR: '0' }, { ANSIBLE_NOCOLOR: 'true' }]) {
        const r = await run(['-i', 'inv.ini', 'allok.yml'], env);
        expect(r.stdout + r.stderr, JSON.stringify(env)).not.toContain('\x1b[');
      }
      const both = await run(['-i', 'inv.ini', 'allok.yml'], { NO_COLOR: '1', ANSIBLE_FORCE_COLOR: '1' });
      expect(both.stdout).toContain(G('ok: [host1] => {'));
    });

    it.skipIf(ANSIBLE)('FORCE_COLOR=1 colours too (ours; ansible-playbook ignores FORCE_COLOR)', async () => {
      const r = await run(['-i', 'inv.ini', 'allok.yml'], { FORCE_COLOR: '1' });
      expect(r.stdout).toContain(G('ok: [host1] => {'));
    });

    it.skipIf(spawnSync('script', ['--version']).status !== 0)('a terminal gets colours unless NO_COLOR is set', async () => {
      const cmd = ANSIBLE ? 'ansible-playbook' : `${process.execPath} ${BIN} playbook`;
      const tty = (env: string) =>
        spawnSync('script', ['-qefc', `${env} ${cmd} -i inv.ini allok.yml`, '/dev/null'], { cwd: dir, encoding: 'utf8' }).stdout;
      expect(tty('env -u NO_COLOR')).toContain(G('ok: [host1] => {'));
      expect(tty('env NO_COLOR=1')).not.toContain('\x1b[');
    });

    it('errors are red on a colour terminal', async () => {
      const r = await run(['-i', 'inv.ini', 'nohandler.yml'], { ANSIBLE_FORCE_COLOR: '1' });
      expect(r.stderr).toContain(R("ERROR! The requested handler 'not there' was not found in either the main handlers list nor in the listening handlers list"));
    });
  });

  it('Ctrl-C: " [ERROR]: User interrupted execution" at once, exit 99', async () => {
    write('sleep.yml', '- hosts: host1\n  gather_facts: false\n  tasks:\n    - name: sleep\n      command: sleep 7\n');
    const base = { ...process.env, NO_COLOR: '1' };
    const [cmd, argv] = ANSIBLE ? ['ansible-playbook', []] : [process.execPath, [BIN, 'playbook']];
    const child = spawn(cmd, [...argv, '-i', 'inv.ini', 'sleep.yml'], { cwd: dir, env: base });
    let stdout = '';
    let stderr = '';
    let sent = 0;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (!sent && stdout.includes('TASK [sleep]')) {
        sent = Date.now();
        setTimeout(() => child.kill('SIGINT'), 500);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code).toBe(99);
    expect(stderr).toBe(' [ERROR]: User interrupted execution\n');
    expect(stdout).not.toContain('PLAY RECAP');
    expect(Date.now() - sent).toBeLessThan(4000);
  });

  describe('verbosity', () => {
    it('-v: results as one-line JSON; notifications (ours at -v, Ansible at -vv)', async () => {
      const r = await run(['-v', '-i', 'inv.ini', 'run.yml']);
      expect(r.stdout).toMatch(/^changed: \[host1\] => \{"changed": true, "cmd": \["echo", "hi"\], "delta": "[^"]+", "end": "[^"]+", "msg": "", "rc": 0, "start": "[^"]+", "stderr": "", "stderr_lines": \[\], "stdout": "hi", "stdout_lines": \["hi"\]\}$/m);
      expect(r.stdout).toContain('skipping: [host1] => {"changed": false, "skip_reason": "Conditional result was False"}\n');
      expect(r.stdout).toContain('skipping: [host2] => {}\n');
      if (!ANSIBLE) expect(r.stdout).toMatch(/^NOTIFIED HANDLER h1 for host1\nchanged: \[host1\] => /m);
      const plain = await run(['-i', 'inv.ini', 'run.yml']);
      expect(plain.stdout).toContain('changed: [host1]\n');
      expect(plain.stdout).not.toContain('NOTIFIED HANDLER');
    });

    it('-vv: notifications before the result, and more', async () => {
      const v = await run(['-v', '-i', 'inv.ini', 'run.yml']);
      const vv = await run(['-vv', '-i', 'inv.ini', 'run.yml']);
      expect(vv.stdout).toMatch(/^NOTIFIED HANDLER h1 for host1\nchanged: \[host1\] => /m);
      expect(vv.stdout.split('\n').length).toBeGreaterThan(v.stdout.split('\n').length);
    });
  });

  describe.skipIf(ANSIBLE)('--events FILE', () => {
    function readEvents(file: string) {
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      return lines.map((l) => parseJobEvent(JSON.parse(l)));
    }
    function checkStream(events: ReturnType<typeof readEvents>) {
      const seen = new Set<string>();
      events.forEach((e, i) => {
        expect(e.counter).toBe(i + 1);
        expect(e.uuid).toMatch(/^[0-9a-f-]{36}$/);
        expect(seen.has(e.uuid)).toBe(false);
        if (e.parent_uuid !== null) expect(seen.has(e.parent_uuid), `${e.event} #${e.counter} parent`).toBe(true);
        expect(new Date(e.created).toISOString()).toBe(e.created);
        seen.add(e.uuid);
      });
    }

    it('one parseable event per line, counters 1..n over several playbooks, parents before children', async () => {
      const file = join(dir, 'events.jsonl');
      const r = await run(['-i', 'inv.ini', '--events', file, 'allok.yml', 'run.yml']);
      expect(r.code).toBe(2);
      const events = readEvents(file);
      checkStream(events);
      expect(events.filter((e) => e.event === 'playbook_on_start')).toHaveLength(2);
      expect(events.filter((e) => e.event === 'playbook_on_stats')).toHaveLength(2);
      expect(events.some((e) => e.event === 'playbook_on_notify')).toBe(true);
      expect(events.at(-1)!.event).toBe('playbook_on_stats');
    });

    it('an error ends the stream with a stamped error event (during a run and before it)', async () => {
      const file = join(dir, 'events-err.jsonl');
      const r = await run(['-i', 'inv.ini', '--events', file, 'nohandler.yml']);
      expect(r.code).toBe(1);
      const events = readEvents(file);
      checkStream(events);
      const last = events.at(-1)!;
      expect(last.event).toBe('error');
      expect(last.event_data).toMatchObject({ message: expect.stringContaining("The requested handler 'not there' was not found") });
      expect(last.parent_uuid).toBe(events[0]!.uuid);

      write('bad-kw.yml', '- hosts: fleet\n  tasks:\n    - debug: msg=x\n      foo: bar\n');
      const early = await run(['-i', 'inv.ini', '--events', file, 'bad-kw.yml']);
      expect(early.code).toBe(4);
      const only = readEvents(file);
      checkStream(only);
      expect(only.map((e) => e.event)).toEqual(['error']);
    });
  });

  it('-e: k=v (quotes, escapes, dotted keys, free words), @file YAML and JSON, JSON and YAML text; later -e win per top-level key', async () => {
    const r = await run([
      '-i', 'inv.ini', 'ev.yml',
      '-e', 'a=1 b="two words" c=x=y',
      '-e', '@ev-vars.yml',
      '-e', '{"c": {"z": 2}}',
      '-e', '{d: [yes, no], e: 1}',
      '-e', '@ev-vars.json',
      '-e', 'a.b=3 d=4 justtext',
      '-e', '',
      '-e', 'e=caf\\u00e9\\ttab',
    ]);
    expect(r.code).toBe(0);
    // what ansible-playbook printed, var by var
    for (const body of [
      '"a": "fromfile"',
      '"b": [\n        1,\n        2\n    ]',
      '"c": {\n        "x": 1\n    }',
      '"d": "4"',
      '"e": "café\\ttab"',
      '"_raw_params": "justtext"',
    ]) {
      expect(r.stdout).toContain(`ok: [host1] => {\n    ${body}\n}\n`);
    }
  });

  describe('bad input: a clear error, no stack trace, no host touched', () => {
    interface Case {
      name: string;
      /** Text after the first (marker) task; MARK is replaced by the marker path. */
      tail: string;
      code: number;
      /** Lines drover prints (each must appear in stderr). */
      ours: string[];
      /** What ansible-playbook 2.14 printed, where it differs. */
      ansible?: string[];
      ansibleCode?: number;
      /** ansible-playbook 2.14 runs the playbook (drover refuses it). */
      ansibleRuns?: boolean;
      inventory?: string;
    }
    const head = (m: string) => `- hosts: fleet\n  gather_facts: false\n  tasks:\n    - name: marker\n      command: touch ${m}\n`;
    const at = (file: string, line: number, col: number) =>
      `The error appears to be in '${file}': line ${line}, column ${col}, but may\nbe elsewhere in the file depending on the exact syntax problem.`;
    const cases: Case[] = [
      {
        name: 'malformed YAML',
        tail: '    - name: broken\n      debug: {msg: "x"\n',
        code: 4,
        ours: ['ERROR! Syntax Error while loading YAML: ', at('FILE', 8, 1), 'The offending line appears to be:\n\n    - name: broken\n      debug: {msg: "x"\n^ here'],
        ansible: ["  did not find expected ',' or '}'", at('FILE', 8, 1), 'The offending line appears to be:\n\n    - name: broken\n      debug: {msg: "x"\n^ here'],
      },
      {
        name: 'unknown keyword on a task',
        tail: '    - name: unknown kw\n      debug: msg=x\n      foo: bar\n',
        code: 4,
        ours: ["ERROR! 'foo' is not a valid attribute for a Task", at('FILE', 8, 7), '      debug: msg=x\n      foo: bar\n      ^ here'],
        ansible: ['ERROR! conflicting action statements: debug, foo', at('FILE', 6, 7)],
      },
      {
        name: 'unknown module',
        tail: '    - name: unknown module\n      no_such_module: x=1\n',
        code: 4,
        ours: [
          "ERROR! couldn't resolve module/action 'no_such_module'. This often indicates a misspelling, missing collection, or incorrect module path.",
          at('FILE', 7, 7),
        ],
        ansible: [
          "ERROR! couldn't resolve module/action 'no_such_module'. This often indicates a misspelling, missing collection, or incorrect module path.",
          at('FILE', 6, 7),
        ],
      },
      {
        name: 'two modules in a task',
        tail: '    - name: two modules\n      debug: msg=x\n      command: echo hi\n',
        code: 4,
        ours: ['ERROR! conflicting action statements: debug, command', at('FILE', 8, 7)],
        ansible: ['ERROR! conflicting action statements: debug, command', at('FILE', 6, 7)],
      },
      {
        name: 'missing role',
        tail: '  roles:\n    - no_such_role\n',
        code: 1,
        ours: ["ERROR! the role 'no_such_role' was not found in DIR/roles:", at('FILE', 6, 3)],
        ansible: ["ERROR! the role 'no_such_role' was not found in DIR/roles:", at('FILE', 7, 7)],
      },
      {
        name: 'missing import_role role',
        tail: '    - import_role:\n        name: no_such_role\n',
        code: 1,
        ours: ["ERROR! the role 'no_such_role' was not found in DIR/roles:", at('FILE', 6, 7)],
        ansible: ["ERROR! the role 'no_such_role' was not found in DIR/roles:", at('FILE', 7, 15)],
      },
      {
        name: 'missing import_tasks file',
        tail: '    - import_tasks: no_such_file.yml\n',
        code: 1,
        ours: ["ERROR! Could not find or access 'no_such_file.yml' (import_tasks)", at('FILE', 6, 7)],
        ansible: ["ERROR! Unable to retrieve file contents\nCould not find or access 'DIR/no_such_file.yml' on the Ansible Controller."],
      },
      {
        name: 'missing vars_files file',
        tail: '  vars_files:\n    - no_such_vars.yml\n',
        code: 1,
        ours: ['ERROR! vars file no_such_vars.yml was not found\nCould not find file on the controller', at('FILE', 1, 3)],
        ansible: ['ERROR! vars file no_such_vars.yml was not found\nCould not find file on the Ansible Controller.'],
      },
      {
        name: 'unknown play keyword',
        tail: '  bogus_play_key: 1\n',
        code: 4,
        ours: ["ERROR! 'bogus_play_key' is not a valid attribute for a Play", at('FILE', 6, 3)],
        ansible: ["ERROR! 'bogus_play_key' is not a valid attribute for a Play", at('FILE', 1, 3)],
      },
      {
        name: 'block in handlers',
        tail: '  handlers:\n    - block:\n        - name: h\n          debug: msg=x\n',
        code: 4,
        ours: ['ERROR! Using a block as a handler is not supported.', at('FILE', 7, 7)],
        // ansible-playbook 2.14 accepts a block in handlers and runs the play
        ansible: [],
        ansibleCode: 0,
        ansibleRuns: true,
      },
      {
        name: 'bad inventory line',
        tail: '',
        inventory: '[fleet]\nhost1\n[group:badkind]\nhost1\n',
        code: 1,
        ours: ['ERROR! INV:3: Section [group:badkind] has unknown type: badkind', at('INV', 3, 1), '[group:badkind]\n^ here'],
        // ansible-playbook only warns, and goes on with what it parsed before the bad line
        ansible: ['[WARNING]:  * Failed to parse', 'has unknown type: badkind'],
        ansibleCode: 4,
        ansibleRuns: true,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const m = marker(c.name.replace(/\W+/g, '-'));
        const file = write(`bad-${c.name.replace(/\W+/g, '-')}.yml`, head(m) + c.tail);
        const inv = c.inventory ? write(`bad-${c.name.replace(/\W+/g, '-')}.ini`, c.inventory) : join(dir, 'inv.ini');
        const r = await run(['-i', inv, file]);
        const fill = (s: string) => s.split('FILE').join(file).split('DIR').join(dir).split('INV').join(inv);
        const expected = ANSIBLE ? c.ansible ?? c.ours : c.ours;
        expect(r.code, r.stderr).toBe(ANSIBLE ? c.ansibleCode ?? c.code : c.code);
        for (const s of expected) expect(r.stderr).toContain(fill(s));
        expect(r.stderr).not.toMatch(NO_TRACE);
        if (!(ANSIBLE && c.ansibleRuns)) expect(existsSync(m), 'the marker task must not have run').toBe(false);
      });
    }

    it('empty playbooks: exit 4', async () => {
      const empty = write('empty.yml', '# nothing\n');
      const r = await run(['-i', 'inv.ini', 'empty.yml']);
      expect(r).toEqual({ code: 4, stdout: '', stderr: `ERROR! Empty playbook, nothing to do: ${empty}\n` });
      const list = write('emptylist.yml', '[]\n');
      const l = await run(['-i', 'inv.ini', 'emptylist.yml']);
      expect(l).toEqual({ code: 4, stdout: '', stderr: `ERROR! A playbook must contain at least one play: ${list}\n` });
    });

    it('an empty inventory is a warning, not an error', async () => {
      const r = await run(['-i', write('empty.ini', '# no hosts\n'), 'allok.yml']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('skipping: no hosts matched\n');
      // ansible-playbook wraps warnings at 80 columns; drover does not
      expect(r.stderr.replace(/\n(?!\[WARNING\])/g, ' ')).toContain(
        "[WARNING]: provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'",
      );
    });

    it('an error in the second playbook stops the first from running', async () => {
      const m = marker('second-pb');
      write('good-first.yml', head(m));
      write('bad-second.yml', '- hosts: fleet\n  tasks:\n    - debug: msg=x\n      foo: bar\n');
      const r = await run(['-i', 'inv.ini', 'good-first.yml', 'bad-second.yml']);
      expect(r.code).toBe(4);
      if (!ANSIBLE) {
        // ansible-playbook loads (and runs) one playbook after the other; drover parses all first
        expect(r.stdout).toBe('');
        expect(existsSync(m)).toBe(false);
      }
    });

    it('the marker does appear when the playbook is good (the check above can fail)', async () => {
      const m = marker('good');
      write('good.yml', head(m));
      const r = await run(['-i', 'inv.ini', 'good.yml']);
      expect(r.code).toBe(0);
      expect(existsSync(m)).toBe(true);
    });
  });
});
