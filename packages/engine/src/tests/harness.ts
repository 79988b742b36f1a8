/** Helpers of the case harness (cases.test.ts), kept apart so that they can be unit-tested. */

const FLEET_HOSTS = ['host1', 'host2', 'host3'];

/** Splits an `args` file into words like a POSIX shell would (quotes and backslashes; no expansions). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in args: ${text}`);
      cur += text.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1])) i++;
        cur += text[i];
        i++;
      }
      if (i >= text.length) throw new Error(`unterminated " in args: ${text}`);
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      i++;
      if (text[i] !== '\n') cur += text[i];
      inWord = true;
    } else if (c === '#' && !inWord) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

/**
 * The inventory of one case, from the fleet's INI inventory: the host1..host3 lines of its
 * [fleet] group and its [fleet:vars] / [all:vars] sections, plus `[others]` = extra_hosts.
 * Other hosts and groups of the fleet inventory are left out, so `hosts: all` means the same
 * thing as when the traces were recorded.
 */
export function caseInventory(fleetIni: string, extraHosts: string | null): string {
  const fleet: string[] = [];
  const vars = new Map<string, string[]>();
  let section = 'ungrouped';
  for (const line of fleetIni.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    const sec = /^\[([^\]]+)\]$/.exec(t);
    if (sec) {
      section = sec[1].trim();
      continue;
    }
    if (section === 'fleet' && FLEET_HOSTS.includes(t.split(/\s+/)[0])) fleet.push(t);
    else if (section === 'fleet:vars' || section === 'all:vars') {
      const list = vars.get(section) ?? [];
      list.push(t);
      vars.set(section, list);
    }
  }
  const found = fleet.map((l) => l.split(/\s+/)[0]);
  const missing = FLEET_HOSTS.filter((h) => !found.includes(h));
  if (missing.length > 0) {
    throw new Error(`fleet inventory has no ${missing.join(', ')} in an INI [fleet] group:\n${fleetIni}`);
  }
  const out = ['[fleet]', ...fleet];
  if (extraHosts !== null) out.push('[others]', ...extraHosts.split('\n').map((l) => l.trim()).filter(Boolean));
  for (const [name, lines] of vars) out.push(`[${name}]`, ...lines);
  return out.join('\n') + '\n';
}
