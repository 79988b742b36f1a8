/**
 * Unit tests of the trace normalizer and the harness helpers. No SSH hosts needed.
 * The corpus check re-normalizes every recorded expected/<case>.raw and compares it with the
 * recorded expected/<case>.txt, so a change to the normalizer cannot silently drift from the
 * recordings (re-record with packages/engine/test/record.sh after changing the rules).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatCaseResult, normalizeTrace } from './trace.js';
import { caseInventory, shellWords } from './harness.js';

const testDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../test');

const SAMPLE = `
PLAY [fleet] *******************************************************************

TASK [with [brackets] in name] *************************************************
ok: [host2] => {
    "msg": [
        1,
        {
            "a": true
        }
    ]
}
changed: [host1]
fatal: [host3]: FAILED! => {"changed": true, "delta": "0:00:00.003", "msg": "non-zero return code\\nsecond line", "rc": 1}
...ignoring
[WARNING]: some warning that must not appear

TASK [loop] ********************************************************************
skipping: [host1] => (item=a) 
failed: [host2] (item=b) => {"ansible_loop_var": "item", "item": "b", "msg": "boom)"}
ok: [host3] => (item=c) => {
    "ansible_loop_var": "item",
    "item": "c",
    "x": "VARIABLE IS NOT DEFINED!"
}
fatal: [ghost]: UNREACHABLE! => {"changed": false, "msg": "ssh: connect to host 127.0.0.99 port 22: Connection refused", "unreachable": true}

TASK [include_tasks] ***********************************************************
included: /somewhere/packages/engine/test/cases/46-x/step.yml for host3, host1 => (item=alpha)

RUNNING HANDLER [role : h] *****************************************************
ok: [host1]

PLAY [nothing] *****************************************************************
skipping: no hosts matched

NO MORE HOSTS LEFT *************************************************************

PLAY RECAP *********************************************************************
host2                      : ok=1    changed=0    unreachable=0    failed=1    skipped=0    rescued=0    ignored=0   
host1                      : ok=3    changed=1    unreachable=0    failed=0    skipped=1    rescued=0    ignored=0   

ERROR! The requested handler 'x' was not found in either the main handlers list nor in the listening handlers list
`;

describe('normalizeTrace', () => {
  it('reduces default-callback output to a sorted trace', () => {
    expect(normalizeTrace(SAMPLE)).toBe(
      [
        'PLAY fleet',
        'TASK with [brackets] in name',
        '  changed host1',
        '  fatal host3 msg="non-zero return code" ignored',
        '  ok host2 msg=[1,{"a":true}]',
        'TASK loop',
        '  failed host2 item=b msg="boom)"',
        '  ok host3 item=c ansible_loop_var="item" item="c" x="VARIABLE IS NOT DEFINED!"',
        '  skipping host1 item=a',
        '  unreachable ghost',
        'TASK include_tasks',
        '  included step.yml for host1, host3 item=alpha',
        'HANDLER role : h',
        '  ok host1',
        'PLAY nothing',
        '  no hosts matched',
        'NO MORE HOSTS LEFT',
        'RECAP',
        'host1 ok=3 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0',
        'host2 ok=1 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0',
        "ERROR The requested handler 'x' was not found in either the main handlers list nor in the listening handlers list",
      ].join('\n'),
    );
  });

  it('strips the case directory from paths', () => {
    const raw = 'TASK [i] ***\nincluded: /tmp/some case/tasks/a.yml for host1\n';
    expect(normalizeTrace(raw, { caseDir: '/tmp/some case' })).toBe('TASK i\n  included tasks/a.yml for host1');
  });

  it('formats a case result with the exit code', () => {
    expect(formatCaseResult('', 1)).toBe('EXIT 1\n');
    expect(formatCaseResult('PLAY [p] ***\n', 0)).toBe('PLAY p\nEXIT 0\n');
  });
});

describe('recorded corpus', () => {
  const expectedDir = join(testDir, 'expected');
  const cases = readdirSync(join(testDir, 'cases')).sort();
  it('has a recording for every case', () => {
    const missing = cases.filter((c) => !existsSync(join(expectedDir, `${c}.txt`)) || !existsSync(join(expectedDir, `${c}.raw`)));
    expect(missing).toEqual([]);
  });
  for (const c of cases) {
    const txt = join(expectedDir, `${c}.txt`);
    const raw = join(expectedDir, `${c}.raw`);
    it.skipIf(!existsSync(txt) || !existsSync(raw))(`${c}: .txt is the normalized .raw`, () => {
      const expected = readFileSync(txt, 'utf8');
      const code = /EXIT (\S+)\n$/.exec(expected)?.[1] ?? '?';
      expect(formatCaseResult(readFileSync(raw, 'utf8'), code, { caseDir: join(testDir, 'cases', c) })).toBe(expected);
    });
  }
});

describe('shellWords', () => {
  it('splits like a shell', () => {
    expect(shellWords(`-e env=prod -e "greeting='hi there'" -e @extra.yml\n`)).toEqual([
      '-e',
      'env=prod',
      '-e',
      "greeting='hi there'",
      '-e',
      '@extra.yml',
    ]);
    expect(shellWords(`-e '{"a": 1}' --limit 'fleet:!host2' a\\ b # comment`)).toEqual([
      '-e',
      '{"a": 1}',
      '--limit',
      'fleet:!host2',
      'a b',
    ]);
    expect(shellWords('')).toEqual([]);
  });
});

describe('caseInventory', () => {
  const fleet = [
    '# comment',
    '[fleet]',
    'host1 ansible_host=127.0.0.101 ansible_user=drover',
    'host2 ansible_host=127.0.0.102 ansible_user=drover',
    'host3 ansible_host=127.0.0.103 ansible_user=drover',
    'host4 ansible_host=127.0.0.104 ansible_user=drover',
    '[fleet:vars]',
    "ansible_ssh_common_args='-o StrictHostKeyChecking=no'",
    '[other]',
    'x ansible_host=1.2.3.4',
    '',
  ].join('\n');
  it('keeps host1..3 and the fleet/all vars, and adds [others]', () => {
    expect(caseInventory(fleet, 'ghost ansible_host=127.0.0.99\n')).toBe(
      [
        '[fleet]',
        'host1 ansible_host=127.0.0.101 ansible_user=drover',
        'host2 ansible_host=127.0.0.102 ansible_user=drover',
        'host3 ansible_host=127.0.0.103 ansible_user=drover',
        '[others]',
        'ghost ansible_host=127.0.0.99',
        '[fleet:vars]',
        "ansible_ssh_common_args='-o StrictHostKeyChecking=no'",
        '',
      ].join('\n'),
    );
  });
  it('rejects an inventory without host1..3', () => {
    expect(() => caseInventory('[web]\nhost1\n', null)).toThrow(/host1, host2, host3/);
  });
});
