// API-level tests of the Templar (behaviour the golden file cannot express).
import { describe, expect, it } from 'vitest';
import {
  ConditionalError,
  OMIT_TOKEN,
  TemplateError,
  TemplateSyntaxError,
  Templar,
  UndefinedError,
  markUnsafe,
} from './index.js';

const t = new Templar();

describe('isTemplate', () => {
  it('detects the three start markers', () => {
    expect(t.isTemplate('a {{ b }}')).toBe(true);
    expect(t.isTemplate('{% if x %}{% endif %}')).toBe(true);
    expect(t.isTemplate('{# c #}')).toBe(true);
    expect(t.isTemplate('plain { text } %')).toBe(false);
  });
});

describe('template()', () => {
  it('returns non-strings and marker-free strings untouched', () => {
    const obj = { a: 1 };
    expect(t.template(5, {})).toBe(5);
    expect(t.template(null, {})).toBe(null);
    expect(t.template(true, {})).toBe(true);
    expect(t.template('plain', {})).toBe('plain');
    expect(t.template(obj, {})).toEqual({ a: 1 });
  });

  it('walks lists and dicts but does not template keys', () => {
    expect(t.template({ '{{ k }}': ['{{ v }}', 1, { n: '{{ v | upper }}' }] }, { k: 'key', v: 'val' })).toEqual({
      '{{ k }}': ['val', 1, { n: 'VAL' }],
    });
  });

  it('returns plain JS values (no Python wrappers)', () => {
    const r = t.template('{{ [4 / 2, (1, 2), {"a": none}] }}', {});
    expect(r).toEqual([2, [1, 2], { a: null }]);
    expect(Object.getOwnPropertySymbols(r as object)).toEqual([]);
  });

  it('keeps the type of a single {{ var }} holding a number or bool, stringifies expressions', () => {
    expect(t.template('{{ n }}', { n: 4 })).toBe(4);
    expect(t.template('{{ n + 0 }}', { n: 4 })).toBe('4');
    expect(t.template('{{ b }}', { b: false })).toBe(false);
    expect(t.template('{{ b or b }}', { b: false })).toBe(false);
  });

  it('templates variables lazily and recursively (AnsibleJ2Vars)', () => {
    const vars = { a: '{{ b }}/x', b: '{{ c | upper }}', c: 'deep' };
    expect(t.template('{{ a }}', vars)).toBe('DEEP/x');
  });

  it('does not re-template the result of a template', () => {
    expect(t.template('{{ v }}', { v: '{% raw %}{{ not_me }}{% endraw %}' })).toBe('{{ not_me }}');
  });

  it('never templates values marked unsafe', () => {
    const result = markUnsafe({ stdout: 'literally {{ not_a_var }}' });
    expect(t.template('{{ result.stdout }}', { result })).toBe('literally {{ not_a_var }}');
  });

  it('can be told that variables are already templated', () => {
    const raw = new Templar({ lazyVarTemplating: false });
    expect(raw.template('{{ a }}', { a: '{{ b }}', b: 1 })).toBe('{{ b }}');
  });

  it('detects self-referencing variables instead of overflowing the stack', () => {
    expect(() => t.template('{{ a }}', { a: '{{ a }}' })).toThrow(/recursive loop detected/);
  });

  it('gives in-template mutations a private copy of the variables', () => {
    const vars = { l: [1, 2], d: { a: 1 } };
    expect(t.template('{{ l.append(3) }}{{ l }}', vars)).toEqual([1, 2, 3]);
    expect(t.template('{% set _ = d.update({"b": 2}) %}{{ d }}', vars)).toEqual({ a: 1, b: 2 });
    expect(vars).toEqual({ l: [1, 2], d: { a: 1 } });
  });

  it('provides omit as OMIT_TOKEN', () => {
    expect(t.template('{{ nope | default(omit) }}', {})).toBe(OMIT_TOKEN);
    expect(t.template({ a: '{{ omit }}' }, {})).toEqual({ a: OMIT_TOKEN });
  });

  it('now() returns the current time', () => {
    const year = new Date().getFullYear();
    expect(t.template('{{ now().year }}', {})).toBe(String(year));
    expect(t.template("{{ now(fmt='%Y') }}", {})).toBe(String(year));
    expect(t.template('{{ now(utc=true).strftime("%Y") }}', {})).toBe(String(new Date().getUTCFullYear()));
  });

  it('caches compiled templates by source', () => {
    expect(t.compile('{{ cached }}', true)).toBe(t.compile('{{ cached }}', true));
  });
});

describe('errors', () => {
  it('UndefinedError carries Ansible texts and the variable name', () => {
    try {
      t.template('{{ d.missing }}', { d: {} });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UndefinedError);
      expect(e).toBeInstanceOf(TemplateError);
      const u = e as UndefinedError;
      expect(u.message).toBe("'dict object' has no attribute 'missing'");
      expect(u.ansibleMessage).toBe("'dict object' has no attribute 'missing'. 'dict object' has no attribute 'missing'");
      expect(u.variable).toBe('missing');
    }
    expect(() => t.template('{{ item.x }}', {})).toThrow(UndefinedError);
    expect(() => t.template('{{ item.x }}', {})).toThrow("'item' is undefined");
  });

  it('undefined nested variables produce Ansible\'s hint text', () => {
    expect(() => t.template('{{ a }}', { a: '{{ b }}' })).toThrow("{{ b }}: 'b' is undefined. 'b' is undefined");
  });

  it('TemplateSyntaxError includes the template', () => {
    try {
      t.template('{{ a b }}', {});
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateSyntaxError);
      expect((e as TemplateSyntaxError).message).toBe(
        "template error while templating string: expected token 'end of print statement', got 'b'. String: {{ a b }}",
      );
      expect((e as TemplateSyntaxError).jinjaMessage).toBe("expected token 'end of print statement', got 'b'");
    }
  });
});

describe('evaluateConditional()', () => {
  const vars = { x: 1, r: { rc: 0, failed: false }, item: { stdout: 'b' }, s: 'text' };
  it('evaluates bare expressions', () => {
    expect(t.evaluateConditional('x == 1', vars)).toBe(true);
    expect(t.evaluateConditional('r is failed', vars)).toBe(false);
    expect(t.evaluateConditional("item.stdout == 'b'", vars)).toBe(true);
    expect(t.evaluateConditional('x is defined and y is not defined', vars)).toBe(true);
  });
  it('handles booleans, empty values, non-strings and lists like Ansible', () => {
    expect(t.evaluateConditional(true, vars)).toBe(true);
    expect(t.evaluateConditional(false, vars)).toBe(false);
    expect(t.evaluateConditional(null, vars)).toBe(true);
    expect(t.evaluateConditional('', vars)).toBe(true);
    expect(t.evaluateConditional(0, vars)).toBe(false);
    expect(t.evaluateConditional(2, vars)).toBe(true);
    expect(t.evaluateConditional(['x == 1', 'r.rc == 0'], vars)).toBe(true);
    expect(t.evaluateConditional(['x == 1', 'r.rc == 1'], vars)).toBe(false);
    expect(t.evaluateConditional('{{ x == 1 }}', vars)).toBe(true);
    expect(t.evaluateConditional('True', vars)).toBe(true);
    expect(t.evaluateConditional('False', vars)).toBe(false);
  });
  it('throws ConditionalError with the full Ansible message', () => {
    try {
      t.evaluateConditional('nope == 1', vars);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConditionalError);
      expect((e as ConditionalError).isUndefined).toBe(true);
      expect((e as ConditionalError).message).toBe(
        "The conditional check 'nope == 1' failed. The error was: error while evaluating conditional (nope == 1): 'nope' is undefined. 'nope' is undefined",
      );
    }
  });
});

describe('hostvars', () => {
  const hostvars = {
    web1: { ansible_host: '10.0.0.1', role: 'web', url: 'http://{{ ansible_host }}:{{ port }}', port: 8080 },
    db1: { ansible_host: '10.0.0.2', role: 'db' },
  };
  const vars = { hostvars, groups: { all: ['web1', 'db1'] }, inventory_hostname: 'db1' };
  it("templates another host's variables with that host's variables", () => {
    expect(t.template("{{ hostvars['web1'].url }}", vars)).toBe('http://10.0.0.1:8080');
    expect(t.template("{{ groups.all | map('extract', hostvars, 'ansible_host') | list }}", vars)).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(t.template('{{ hostvars | list }}', vars)).toEqual(['web1', 'db1']);
    expect(t.template("{{ hostvars[inventory_hostname].role }}", vars)).toBe('db');
  });
  it('reports missing hosts like Ansible', () => {
    expect(() => t.template("{{ hostvars['nope'].x }}", vars)).toThrow(`"hostvars['nope']" is undefined`);
    expect(t.template("{{ hostvars['nope'] is defined }}", vars)).toBe(false);
  });
});

describe('templates from files', () => {
  const files: Record<string, string> = {
    'base.j2': 'header\n{% block body %}base body{% endblock %}\nfooter',
    'child.j2': '{% extends "base.j2" %}{% block body %}child {{ super() }}{% endblock %}',
    'macros.j2': '{% macro hi(n) %}hi {{ n }}{% endmacro %}{% set answer = 42 %}',
    'part.j2': 'part {{ who }}',
  };
  const ft = new Templar({ loader: (name) => files[name] });
  it('supports include with context, import and from-import', () => {
    expect(ft.template('{% for who in ["a"] %}{% include "part.j2" %}{% endfor %}', {})).toBe('part a');
    expect(ft.template('{% import "macros.j2" as m %}{{ m.hi("x") }} {{ m.answer }}', {})).toBe('hi x 42');
    expect(ft.template('{% from "macros.j2" import hi %}{{ hi("y") }}', {})).toBe('hi y');
  });
  it('supports extends, blocks and super()', () => {
    expect(ft.render(files['child.j2'], {}, { convertData: false, escapeBackslashes: false })).toBe(
      'header\nchild base bodyfooter',
    );
  });
  it('accepts a per-render loader (template module search paths)', () => {
    const plain = new Templar();
    const loader = (n: string) => (n === 'inc.j2' ? 'included {{ v }}' : undefined);
    expect(plain.render('[{% include "inc.j2" %}]', { v: 1 }, { loader, convertData: false })).toBe('[included 1]');
    expect(() => plain.render('{% include "nope.j2" %}', {}, { loader })).toThrow(/nope\.j2/);
  });
  it('render() with convertData=false keeps strings (template module)', () => {
    expect(ft.render('{{ [1, 2] }}', {}, { convertData: false })).toBe('[1, 2]');
    expect(ft.render('{{ [1, 2] }}', {})).toEqual([1, 2]);
    expect(ft.render('x\n\n', {}, { convertData: false })).toBe('x\n\n');
  });
});

describe('lookup()', () => {
  it('runs lookup plugins for with_<lookup> loops', () => {
    expect(t.lookup('items', [[1, 2], 3], {})).toEqual([1, 2, 3]);
    expect(t.lookup('dict', [{ a: 1 }], {})).toEqual([{ key: 'a', value: 1 }]);
    expect(t.lookup('sequence', ['start=1 end=3'], {})).toEqual(['1', '2', '3']);
    expect(t.lookup('nested', [[1, 2], ['a']], {})).toEqual([[1, 'a'], [2, 'a']]);
  });
});
