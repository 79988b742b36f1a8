import { describe, expect, it } from 'vitest';
import { parsePlaybookArgs, UsageError } from './args.js';
import { parseKv } from './extra-vars.js';

describe('parsePlaybookArgs', () => {
  it('takes every spelling of the options, repeatable -i/-e, counted -v', () => {
    const a = parsePlaybookArgs(['-iinv1', '--inventory=inv2', '-e', 'a=1', '--extra-vars', '@f.yml', '-f3', '-vv', '--verbose', '-l', 'web', '--check', 'site.yml', 'b.yml']);
    expect(a).toMatchObject({
      inventories: ['inv1', 'inv2'], extraVars: ['a=1', '@f.yml'], forks: 3, verbosity: 3, limit: 'web', check: true, playbooks: ['site.yml', 'b.yml'],
    });
  });

  it('help and version win over missing arguments', () => {
    expect(parsePlaybookArgs(['-h'])).toBe('help');
    expect(parsePlaybookArgs(['--version'])).toBe('version');
  });

  it('argparse messages', () => {
    const msg = (argv: string[]) => {
      try {
        parsePlaybookArgs(argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(msg([])).toBe('the following arguments are required: playbook');
    expect(msg(['--bogus', '-x', 'p.yml'])).toBe('unrecognized arguments: --bogus -x');
    expect(msg(['p.yml', '-i'])).toBe('argument -i/--inventory/--inventory-file: expected one argument');
    expect(msg(['-e', '--check', 'p.yml'])).toBe('argument -e/--extra-vars: expected one argument');
    expect(msg(['-f', 'x', 'p.yml'])).toBe("argument -f/--forks: invalid int value: 'x'");
    expect(msg(['-f', '0', 'p.yml'])).toBe('The number of processes (--forks) must be >= 1');
  });
});

describe('parseKv (Ansible parse_kv for -e)', () => {
  it('keys are anything before the first unescaped =, values unquoted once', () => {
    expect(parseKv('a=1 b="two words" c=x=y a.b=3')).toEqual({ a: '1', b: 'two words', c: 'x=y', 'a.b': '3' });
    expect(parseKv("q='it''s'")).toEqual({ q: "it''s" });
    expect(parseKv('j={{ x | default("a b") }}')).toEqual({ j: '{{ x | default("a b") }}' });
  });

  it('escapes are decoded; words without = go to _raw_params', () => {
    expect(parseKv('e=caf\\u00e9\\ttab free word')).toEqual({ e: 'café\ttab', _raw_params: 'free word' });
  });

  it('unbalanced quotes are a parse error', () => {
    expect(() => parseKv('a="x')).toThrow(/unbalanced jinja2 block or quotes/);
  });
});

describe('long option abbreviations (argparse allow_abbrev)', () => {
  it('a unique prefix is the option; an ambiguous one an error', () => {
    expect(parsePlaybookArgs(['--syntax', '--list-ho', '--forc', 'p.yml'])).toMatchObject({ syntaxCheck: true, listHosts: true, forceHandlers: true });
    expect(parsePlaybookArgs(['--extra=a=1', 'p.yml'])).toMatchObject({ extraVars: ['a=1'] });
    expect(() => parsePlaybookArgs(['--list', 'p.yml'])).toThrow('ambiguous option: --list could match --list-hosts, --list-tasks, --list-handlers');
  });
});
