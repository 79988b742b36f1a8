import type { Res } from '../executor/result.js';
import type { ModuleContext } from './types.js';

// One round trip: hostname, kernel, architecture, user, os-release.
const SCRIPT = [
  'uname -n; uname -s; uname -r; uname -m; id -un; echo "$HOME"; echo "$SHELL"',
  'echo ---; cat /etc/os-release 2>/dev/null',
].join('; ');

const FAMILY: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Debian', linuxmint: 'Debian', raspbian: 'Debian', kali: 'Debian',
  rhel: 'RedHat', centos: 'RedHat', fedora: 'RedHat', rocky: 'RedHat', almalinux: 'RedHat', ol: 'RedHat', amzn: 'RedHat',
  sles: 'Suse', opensuse: 'Suse', 'opensuse-leap': 'Suse', 'opensuse-tumbleweed': 'Suse',
  arch: 'Archlinux', manjaro: 'Archlinux', alpine: 'Alpine', gentoo: 'Gentoo', freebsd: 'FreeBSD',
};
const DISTRIBUTION: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', centos: 'CentOS', rhel: 'RedHat', fedora: 'Fedora', rocky: 'Rocky',
  almalinux: 'AlmaLinux', alpine: 'Alpine', arch: 'Archlinux', amzn: 'Amazon', sles: 'SLES', ol: 'OracleLinux',
  'opensuse-leap': 'openSUSE Leap', linuxmint: 'Linux Mint',
};

/** A minimal fact set (more facts come in a later issue). */
export async function gatherFactsModule(ctx: ModuleContext): Promise<Res> {
  const conn = await ctx.connection();
  const r = await conn.exec(SCRIPT);
  const [head = '', osr = ''] = r.stdout.split('\n---\n');
  const [nodename = '', system = '', kernel = '', arch = '', user = '', home = '', shell = ''] = head.split('\n');
  const os: Record<string, string> = {};
  for (const line of osr.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line);
    if (m) os[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  const id = (os['ID'] ?? '').toLowerCase();
  const like = (os['ID_LIKE'] ?? '').toLowerCase().split(/\s+/);
  const family = FAMILY[id] ?? like.map((l) => FAMILY[l]).find(Boolean) ?? (system || 'Linux');
  const version = os['VERSION_ID'] ?? '';
  const facts: Record<string, unknown> = {
    hostname: nodename.split('.')[0],
    nodename,
    fqdn: nodename,
    system,
    kernel,
    architecture: arch,
    machine: arch,
    user_id: user,
    user_dir: home,
    user_shell: shell,
    os_family: family,
    distribution: DISTRIBUTION[id] ?? (os['NAME'] ?? system),
    distribution_version: version,
    distribution_major_version: version.split('.')[0] ?? '',
    distribution_release: os['VERSION_CODENAME'] ?? '',
    python_interpreter: undefined,
    _facts_gathered: true,
  };
  delete facts['python_interpreter'];
  return { ansible_facts: facts, changed: false };
}
