// Micro-benchmark of the Templar. Run: cd /work/main && npx vite-node packages/engine/src/template/bench.ts
// (or compile with tsc and run dist/template/bench.js with node).
import { Templar } from './index.js';

function hostvars(n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    out[`host${i}`] = {
      inventory_hostname: `host${i}`,
      ansible_host: `10.0.${Math.floor(i / 250)}.${i % 250}`,
      ansible_port: 22,
      group_names: ['web', i % 2 ? 'odd' : 'even'],
      app: { version: '1.2.3', workers: 4, features: ['a', 'b', 'c'], env: { LANG: 'C', TZ: 'UTC' } },
      ansible_facts: {
        os_family: 'Debian',
        distribution_major_version: '12',
        default_ipv4: { address: `10.0.0.${i % 250}`, interface: 'eth0' },
        mounts: Array.from({ length: 5 }, (_x, j) => ({ mount: `/m${j}`, size_total: 1000 * j })),
      },
    };
  }
  return out;
}

function bench(name: string, fn: () => unknown, ms = 1000): void {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
    now = process.hrtime.bigint();
  }
  const secs = Number(now - start) / 1e9;
  const rate = n / secs;
  console.log(`${name.padEnd(58)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} renders/s  ${((secs / n) * 1e6).toFixed(2)} µs/render`);
}

const templar = new Templar();
const small = { x: 42, result: { rc: 0, stdout: 'ok', changed: false }, item: { name: 'a' } };
const hv = hostvars(200);
const big: Record<string, unknown> = { ...hv.host7 as object, hostvars: hv, groups: { all: Object.keys(hv), web: Object.keys(hv) }, inventory_hostname: 'host7' };

bench('no markers (plain string)', () => templar.template('just a plain string', small));
bench('{{ x }}', () => templar.template('{{ x }}', small));
bench('"port {{ x }}/tcp"', () => templar.template('port {{ x }}/tcp', small));
bench("when: result.rc == 0 and item.name != 'b'", () => templar.evaluateConditional("result.rc == 0 and item.name != 'b'", small));
bench('when: result is succeeded', () => templar.evaluateConditional('result is succeeded', small));
bench('task args dict (3 keys, 2 templated)', () =>
  templar.template({ name: '{{ item.name }}', state: 'present', port: '{{ x }}' }, small),
);
bench('200 hosts ctx: {{ app.version }}', () => templar.template('{{ app.version }}', big));
bench("200 hosts ctx: {{ hostvars['host3'].ansible_host }}", () => templar.template("{{ hostvars['host3'].ansible_host }}", big));
bench("200 hosts ctx: groups['web'] | map('extract', hostvars, 'ansible_host') | list", () =>
  templar.template("{{ groups['web'] | map('extract', hostvars, 'ansible_host') | list }}", big), 2000,
);
bench("200 hosts ctx: when: ansible_facts.os_family == 'Debian'", () =>
  templar.evaluateConditional("ansible_facts.os_family == 'Debian'", big),
);
bench('loop template: {% for m in ansible_facts.mounts %}..{% endfor %}', () =>
  templar.template('{% for m in ansible_facts.mounts %}{{ m.mount }}={{ m.size_total }}\n{% endfor %}', big),
);
