// Jinja2 3.1 parser (port of jinja2/parser.py; same grammar and error messages).

import type { BinOp, CallArgs, Expr, OutputNode, Stmt, TemplateAst } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import { REVERSE_OPERATORS, type Token } from './lexer.js';
import { mkFloat } from './py-types.js';

const STATEMENT_KEYWORDS = new Set([
  'for',
  'if',
  'block',
  'extends',
  'print',
  'macro',
  'include',
  'from',
  'import',
  'set',
  'with',
  'autoescape',
]);
const COMPARE_OPERATORS = new Set(['eq', 'ne', 'lt', 'lteq', 'gt', 'gteq']);
const TOKEN_DESCRIPTIONS: Record<string, string> = {
  comment_begin: 'begin of comment',
  comment_end: 'end of comment',
  comment: 'comment',
  block_begin: 'begin of statement block',
  block_end: 'end of statement block',
  variable_begin: 'begin of print statement',
  variable_end: 'end of print statement',
  data: 'template data / text',
  eof: 'end of template',
};

function describeType(type: string): string {
  return REVERSE_OPERATORS[type] ?? TOKEN_DESCRIPTIONS[type] ?? type;
}
function describeToken(t: Token): string {
  return t.type === 'name' ? String(t.value) : describeType(t.type);
}
function describeExpr(expr: string): string {
  const i = expr.indexOf(':');
  if (i >= 0) return expr.slice(0, i) === 'name' ? expr.slice(i + 1) : expr.slice(i + 1);
  return describeType(expr);
}
/** Python repr of a short string, as in Jinja2's error messages. */
function q(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/'/g, "\\'")}'`;
}

function test(t: Token, expr: string): boolean {
  const i = expr.indexOf(':');
  if (i < 0) return t.type === expr;
  return t.type === expr.slice(0, i) && t.value === expr.slice(i + 1);
}

export class Parser {
  private pos = 0;
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly source?: string,
  ) {}

  private get cur(): Token {
    return this.tokens[this.pos];
  }
  private ct(): string {
    return this.tokens[this.pos].type;
  }
  private look(): Token {
    return this.tokens[Math.min(this.pos + 1, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    this.checkError();
    return t;
  }
  private checkError(): void {
    const c = this.tokens[this.pos];
    if (c.type === 'error') throw new TemplateSyntaxError(String(c.value), c.lineno, this.source);
  }
  private skipIf(expr: string): boolean {
    if (test(this.cur, expr)) {
      this.next();
      return true;
    }
    return false;
  }
  private fail(msg: string, lineno?: number): never {
    throw new TemplateSyntaxError(msg, lineno ?? this.cur.lineno, this.source);
  }
  private expect(expr: string): Token {
    if (!test(this.cur, expr)) {
      const d = describeExpr(expr);
      if (this.ct() === 'eof') this.fail(`unexpected end of template, expected ${q(d)}.`);
      this.fail(`expected token ${q(d)}, got ${q(describeToken(this.cur))}`);
    }
    return this.next();
  }

  parse(): TemplateAst {
    this.checkError();
    return { body: this.subparse(undefined) };
  }

  private failUtEof(name: string | undefined, stack: string[][], lineno: number): never {
    const expected = new Set<string>();
    for (const exprs of stack) for (const e of exprs) expected.add(describeExpr(e));
    const currently = stack.length ? stack[stack.length - 1].map((e) => q(describeExpr(e))).join(' or ') : undefined;
    const message = [name === undefined ? 'Unexpected end of template.' : `Encountered unknown tag ${q(name)}.`];
    if (currently) {
      if (name !== undefined && expected.has(name)) {
        message.push(
          `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${currently}.`,
        );
      } else message.push(`Jinja was looking for the following tags: ${currently}.`);
    }
    if (this.tagStack.length) {
      message.push(`The innermost block that needs to be closed is ${q(this.tagStack[this.tagStack.length - 1])}.`);
    }
    this.fail(message.join(' '), lineno);
  }

  private subparse(endTokens: string[] | undefined): Stmt[] {
    const body: Stmt[] = [];
    let data: OutputNode[] = [];
    let dataLine = 0;
    const flush = () => {
      if (data.length) body.push({ k: 'output', nodes: data, lineno: dataLine });
      data = [];
    };
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      while (this.ct() !== 'eof') {
        const t = this.cur;
        if (t.type === 'data') {
          if (!data.length) dataLine = t.lineno;
          if (t.value) data.push({ k: 'data', data: String(t.value) });
          this.next();
        } else if (t.type === 'variable_begin') {
          if (!data.length) dataLine = t.lineno;
          this.next();
          data.push(this.parseTuple({ withCondexpr: true }));
          this.expect('variable_end');
        } else if (t.type === 'block_begin') {
          flush();
          this.next();
          if (endTokens && endTokens.some((e) => test(this.cur, e))) return body;
          const rv = this.parseStatement();
          if (Array.isArray(rv)) body.push(...rv);
          else body.push(rv);
          this.expect('block_end');
        } else {
          this.fail('internal parsing error');
        }
      }
      flush();
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
    return body;
  }

  private parseStatements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.skipIf('colon');
    this.expect('block_end');
    const result = this.subparse(endTokens);
    if (this.ct() === 'eof') this.failUtEof(undefined, [...this.endTokenStack, endTokens], this.cur.lineno);
    if (dropNeedle) this.next();
    return result;
  }

  private parseStatement(): Stmt | Stmt[] {
    const token = this.cur;
    if (token.type !== 'name') this.fail('tag name expected', token.lineno);
    const name = String(token.value);
    this.tagStack.push(name);
    let pop = true;
    try {
      switch (name) {
        case 'for':
          return this.parseFor();
        case 'if':
          return this.parseIf();
        case 'set':
          return this.parseSet();
        case 'macro':
          return this.parseMacro();
        case 'call':
          return this.parseCallBlock();
        case 'filter':
          return this.parseFilterBlock();
        case 'with':
          return this.parseWith();
        case 'print':
          return this.parsePrint();
        case 'include':
          return this.parseInclude();
        case 'import':
          return this.parseImport();
        case 'from':
          return this.parseFrom();
        case 'extends':
          return this.parseExtends();
        case 'block':
          return this.parseBlock();
        case 'autoescape':
          return this.parseAutoescape();
        default:
          this.tagStack.pop();
          pop = false;
          return this.failUtEof(name, this.endTokenStack, token.lineno);
      }
    } finally {
      if (pop) this.tagStack.pop();
    }
  }

  private parseFor(): Stmt {
    const lineno = this.expect('name:for').lineno;
    const target = this.parseAssignTarget({ extraEndRules: ['name:in'] });
    this.expect('name:in');
    const iter = this.parseTuple({ withCondexpr: false, extraEndRules: ['name:recursive'] });
    let testExpr: Expr | undefined;
    if (this.skipIf('name:if')) testExpr = this.parseExpression();
    const recursive = this.skipIf('name:recursive');
    const body = this.parseStatements(['name:endfor', 'name:else']);
    let else_: Stmt[] = [];
    if (this.next().value !== 'endfor') else_ = this.parseStatements(['name:endfor'], true);
    return { k: 'for', target, iter, body, else_, test: testExpr, recursive, lineno };
  }

  private parseIf(): Stmt {
    const lineno = this.expect('name:if').lineno;
    const result: Extract<Stmt, { k: 'if' }> = { k: 'if', test: null as unknown as Expr, body: [], elifs: [], else_: [], lineno };
    let node: { test: Expr; body: Stmt[] } = result;
    for (;;) {
      node.test = this.parseTuple({ withCondexpr: false });
      node.body = this.parseStatements(['name:elif', 'name:else', 'name:endif']);
      const token = this.next();
      if (test(token, 'name:elif')) {
        node = { test: null as unknown as Expr, body: [] };
        result.elifs.push(node);
        continue;
      } else if (test(token, 'name:else')) {
        result.else_ = this.parseStatements(['name:endif'], true);
      }
      break;
    }
    return result;
  }

  private parseSet(): Stmt {
    const lineno = this.next().lineno;
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.skipIf('assign')) return { k: 'set', target, expr: this.parseTuple({}), lineno };
    const filter = this.parseFilter(null) ?? undefined;
    const body = this.parseStatements(['name:endset'], true);
    return { k: 'setblock', target, filter: filter === null ? undefined : filter, body, lineno };
  }

  private parseWith(): Stmt {
    const lineno = this.next().lineno;
    const targets: Expr[] = [];
    const values: Expr[] = [];
    while (this.ct() !== 'block_end') {
      if (targets.length) this.expect('comma');
      targets.push(this.parseAssignTarget({}));
      this.expect('assign');
      values.push(this.parseExpression());
    }
    const body = this.parseStatements(['name:endwith'], true);
    return { k: 'with', targets, values, body, lineno };
  }

  private parseAutoescape(): Stmt {
    const lineno = this.next().lineno;
    this.parseExpression();
    const body = this.parseStatements(['name:endautoescape'], true);
    return { k: 'scope', body, lineno };
  }

  private parseBlock(): Stmt {
    const lineno = this.next().lineno;
    const name = String(this.expect('name').value);
    const scoped = this.skipIf('name:scoped');
    this.skipIf('name:required');
    if (this.ct() === 'sub') {
      this.fail(
        'Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.',
      );
    }
    const body = this.parseStatements(['name:endblock'], true);
    this.skipIf(`name:${name}`);
    return { k: 'block', name, body, scoped, lineno };
  }

  private parseExtends(): Stmt {
    const lineno = this.next().lineno;
    return { k: 'extends', template: this.parseExpression(), lineno };
  }

  private parseContext(dflt: boolean): boolean {
    if ((test(this.cur, 'name:with') || test(this.cur, 'name:without')) && test(this.look(), 'name:context')) {
      const v = this.next().value === 'with';
      this.next();
      return v;
    }
    return dflt;
  }

  private parseInclude(): Stmt {
    const lineno = this.next().lineno;
    const template = this.parseExpression();
    let ignoreMissing = false;
    if (test(this.cur, 'name:ignore') && test(this.look(), 'name:missing')) {
      ignoreMissing = true;
      this.next();
      this.next();
    }
    return { k: 'include', template, ignoreMissing, withContext: this.parseContext(true), lineno };
  }

  private parseImport(): Stmt {
    const lineno = this.next().lineno;
    const template = this.parseExpression();
    this.expect('name:as');
    const target = String(this.expect('name').value);
    return { k: 'import', template, target, withContext: this.parseContext(false), lineno };
  }

  private parseFrom(): Stmt {
    const lineno = this.next().lineno;
    const template = this.parseExpression();
    this.expect('name:import');
    const names: [string, string][] = [];
    let withContext: boolean | undefined;
    const ctx = (): boolean => {
      if ((this.cur.value === 'with' || this.cur.value === 'without') && test(this.look(), 'name:context')) {
        withContext = this.next().value === 'with';
        this.next();
        return true;
      }
      return false;
    };
    for (;;) {
      if (names.length) this.expect('comma');
      if (this.ct() === 'name') {
        if (ctx()) break;
        const target = String(this.expect('name').value);
        if (target.startsWith('_')) this.fail('names starting with an underline can not be imported');
        if (this.skipIf('name:as')) names.push([target, String(this.expect('name').value)]);
        else names.push([target, target]);
        if (ctx() || this.ct() !== 'comma') break;
      } else {
        this.expect('name');
      }
    }
    return { k: 'fromimport', template, names, withContext: withContext ?? false, lineno };
  }

  private parseSignature(): { args: string[]; defaults: Expr[] } {
    const args: string[] = [];
    const defaults: Expr[] = [];
    this.expect('lparen');
    while (this.ct() !== 'rparen') {
      if (args.length) this.expect('comma');
      const arg = String(this.expect('name').value);
      if (this.skipIf('assign')) defaults.push(this.parseExpression());
      else if (defaults.length) this.fail('non-default argument follows default argument');
      args.push(arg);
    }
    this.expect('rparen');
    return { args, defaults };
  }

  private parseCallBlock(): Stmt {
    const lineno = this.next().lineno;
    const sig = this.ct() === 'lparen' ? this.parseSignature() : { args: [], defaults: [] };
    const call = this.parseExpression();
    if (call.k !== 'call') this.fail('expected call', lineno);
    const body = this.parseStatements(['name:endcall'], true);
    return { k: 'callblock', call, args: sig.args, defaults: sig.defaults, body, lineno };
  }

  private parseFilterBlock(): Stmt {
    const lineno = this.next().lineno;
    const filter = this.parseFilter(null, true)!;
    const body = this.parseStatements(['name:endfilter'], true);
    return { k: 'filterblock', filter, body, lineno };
  }

  private parseMacro(): Stmt {
    const lineno = this.next().lineno;
    const name = String(this.expect('name').value);
    const sig = this.parseSignature();
    const body = this.parseStatements(['name:endmacro'], true);
    return { k: 'macro', name, args: sig.args, defaults: sig.defaults, body, lineno };
  }

  private parsePrint(): Stmt {
    const lineno = this.next().lineno;
    const nodes: OutputNode[] = [];
    while (this.ct() !== 'block_end') {
      if (nodes.length) this.expect('comma');
      nodes.push(this.parseExpression());
    }
    return { k: 'output', nodes, lineno };
  }

  private parseAssignTarget(opts: { withTuple?: boolean; extraEndRules?: string[]; withNamespace?: boolean }): Expr {
    let target: Expr;
    if (opts.withNamespace && this.look().type === 'dot') {
      const token = this.expect('name');
      this.next();
      const attr = this.expect('name');
      target = { k: 'nsref', name: String(token.value), attr: String(attr.value), lineno: token.lineno };
    } else if (opts.withTuple === false) {
      target = this.parsePrimary();
    } else {
      target = this.parseTuple({ simplified: true, extraEndRules: opts.extraEndRules });
    }
    const ok = (e: Expr): boolean => e.k === 'name' || e.k === 'nsref' || (e.k === 'tuple' && e.items.every(ok));
    if (!ok(target) || (target.k === 'name' && ['true', 'false', 'none', 'True', 'False', 'None'].includes(target.name))) {
      const kind = target.k === 'const' ? 'const' : target.k;
      this.fail(`can't assign to ${q(kind)}`, target.lineno);
    }
    return target;
  }

  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    const lineno = this.cur.lineno;
    let expr1 = this.parseOr();
    while (this.skipIf('name:if')) {
      const expr2 = this.parseOr();
      const expr3 = this.skipIf('name:else') ? this.parseCondexpr() : undefined;
      expr1 = { k: 'cond', test: expr2, a: expr1, b: expr3, lineno };
    }
    return expr1;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.skipIf('name:or')) left = { k: 'or', l: left, r: this.parseAnd(), lineno: left.lineno };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.skipIf('name:and')) left = { k: 'and', l: left, r: this.parseNot(), lineno: left.lineno };
    return left;
  }

  private parseNot(): Expr {
    if (test(this.cur, 'name:not')) {
      const lineno = this.next().lineno;
      return { k: 'not', node: this.parseNot(), lineno };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const lineno = this.cur.lineno;
    const expr = this.parseMath1();
    const ops: [string, Expr][] = [];
    for (;;) {
      const type = this.ct();
      if (COMPARE_OPERATORS.has(type)) {
        this.next();
        ops.push([type, this.parseMath1()]);
      } else if (this.skipIf('name:in')) {
        ops.push(['in', this.parseMath1()]);
      } else if (test(this.cur, 'name:not') && test(this.look(), 'name:in')) {
        this.next();
        this.next();
        ops.push(['notin', this.parseMath1()]);
      } else break;
    }
    return ops.length ? { k: 'compare', expr, ops, lineno } : expr;
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.ct() === 'add' || this.ct() === 'sub') {
      const op = this.next().type as BinOp;
      left = { k: 'bin', op, l: left, r: this.parseConcat(), lineno: left.lineno };
    }
    return left;
  }

  private parseConcat(): Expr {
    const lineno = this.cur.lineno;
    const args = [this.parseMath2()];
    while (this.ct() === 'tilde') {
      this.next();
      args.push(this.parseMath2());
    }
    return args.length === 1 ? args[0] : { k: 'concat', items: args, lineno };
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (['mul', 'div', 'floordiv', 'mod'].includes(this.ct())) {
      const op = this.next().type as BinOp;
      left = { k: 'bin', op, l: left, r: this.parsePow(), lineno: left.lineno };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary();
    while (this.ct() === 'pow') {
      this.next();
      left = { k: 'bin', op: 'pow', l: left, r: this.parseUnary(), lineno: left.lineno };
    }
    return left;
  }

  private parseUnary(withFilter = true): Expr {
    const type = this.ct();
    const lineno = this.cur.lineno;
    let node: Expr;
    if (type === 'sub') {
      this.next();
      node = { k: 'neg', node: this.parseUnary(false), lineno };
    } else if (type === 'add') {
      this.next();
      node = { k: 'pos', node: this.parseUnary(false), lineno };
    } else node = this.parsePrimary();
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(): Expr {
    const token = this.cur;
    const lineno = token.lineno;
    if (token.type === 'name') {
      this.next();
      const v = token.value;
      if (v === 'true' || v === 'True') return { k: 'const', v: true, lineno };
      if (v === 'false' || v === 'False') return { k: 'const', v: false, lineno };
      if (v === 'none' || v === 'None') return { k: 'const', v: null, lineno };
      return { k: 'name', name: String(v), lineno };
    }
    if (token.type === 'string') {
      this.next();
      let s = String(token.value);
      while (this.ct() === 'string') s += String(this.next().value);
      return { k: 'const', v: s, lineno };
    }
    if (token.type === 'integer') {
      this.next();
      return { k: 'const', v: token.value, lineno };
    }
    if (token.type === 'float') {
      this.next();
      return { k: 'const', v: mkFloat(token.value as number), lineno };
    }
    if (token.type === 'lparen') {
      this.next();
      const node = this.parseTuple({ explicitParentheses: true });
      this.expect('rparen');
      return node;
    }
    if (token.type === 'lbracket') return this.parseList();
    if (token.type === 'lbrace') return this.parseDict();
    return this.fail(`unexpected ${q(describeToken(token))}`, lineno);
  }

  private isTupleEnd(extra?: string[]): boolean {
    const t = this.ct();
    if (t === 'variable_end' || t === 'block_end' || t === 'rparen') return true;
    return extra ? extra.some((e) => test(this.cur, e)) : false;
  }

  parseTuple(opts: {
    simplified?: boolean;
    withCondexpr?: boolean;
    extraEndRules?: string[];
    explicitParentheses?: boolean;
  }): Expr {
    const lineno = this.cur.lineno;
    const parse = opts.simplified
      ? () => this.parsePrimary()
      : () => this.parseExpression(opts.withCondexpr !== false);
    const args: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (args.length) this.expect('comma');
      if (this.isTupleEnd(opts.extraEndRules)) break;
      args.push(parse());
      if (this.ct() === 'comma') isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (args.length) return args[0];
      if (!opts.explicitParentheses) this.fail(`Expected an expression, got ${q(describeToken(this.cur))}`);
    }
    return { k: 'tuple', items: args, lineno };
  }

  private parseList(): Expr {
    const token = this.expect('lbracket');
    const items: Expr[] = [];
    while (this.ct() !== 'rbracket') {
      if (items.length) this.expect('comma');
      if (this.ct() === 'rbracket') break;
      items.push(this.parseExpression());
    }
    this.expect('rbracket');
    return { k: 'list', items, lineno: token.lineno };
  }

  private parseDict(): Expr {
    const token = this.expect('lbrace');
    const items: [Expr, Expr][] = [];
    while (this.ct() !== 'rbrace') {
      if (items.length) this.expect('comma');
      if (this.ct() === 'rbrace') break;
      const key = this.parseExpression();
      this.expect('colon');
      items.push([key, this.parseExpression()]);
    }
    this.expect('rbrace');
    return { k: 'dict', items, lineno: token.lineno };
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      const t = this.ct();
      if (t === 'dot' || t === 'lbracket') node = this.parseSubscript(node);
      else if (t === 'lparen') node = this.parseCall(node);
      else break;
    }
    return node;
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      const t = this.ct();
      if (t === 'pipe') node = this.parseFilter(node)!;
      else if (t === 'name' && this.cur.value === 'is') node = this.parseTest(node);
      else if (t === 'lparen') node = this.parseCall(node);
      else break;
    }
    return node;
  }

  private parseSubscript(node: Expr): Expr {
    const token = this.next();
    if (token.type === 'dot') {
      const attr = this.cur;
      this.next();
      if (attr.type === 'name') return { k: 'getattr', node, attr: String(attr.value), lineno: token.lineno };
      if (attr.type !== 'integer') this.fail('expected name or number', attr.lineno);
      return { k: 'getitem', node, arg: { k: 'const', v: attr.value, lineno: attr.lineno }, lineno: token.lineno };
    }
    if (token.type === 'lbracket') {
      const args: Expr[] = [];
      while (this.ct() !== 'rbracket') {
        if (args.length) this.expect('comma');
        args.push(this.parseSubscribed());
      }
      this.expect('rbracket');
      const arg: Expr = args.length === 1 ? args[0] : { k: 'tuple', items: args, lineno: token.lineno };
      return { k: 'getitem', node, arg, lineno: token.lineno };
    }
    return this.fail('expected subscript expression', token.lineno);
  }

  private parseSubscribed(): Expr {
    const lineno = this.cur.lineno;
    const args: (Expr | undefined)[] = [];
    if (this.ct() === 'colon') {
      this.next();
      args.push(undefined);
    } else {
      const node = this.parseExpression();
      if (this.ct() !== 'colon') return node;
      this.next();
      args.push(node);
    }
    if (this.ct() === 'colon') args.push(undefined);
    else if (this.ct() !== 'rbracket' && this.ct() !== 'comma') args.push(this.parseExpression());
    else args.push(undefined);
    if (this.ct() === 'colon') {
      this.next();
      if (this.ct() !== 'rbracket' && this.ct() !== 'comma') args.push(this.parseExpression());
      else args.push(undefined);
    } else args.push(undefined);
    return { k: 'slice', start: args[0], stop: args[1], step: args[2], lineno };
  }

  private parseCallArgs(): CallArgs {
    const token = this.expect('lparen');
    const out: CallArgs = { args: [], kwargs: [] };
    let requireComma = false;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail('invalid syntax for function call expression', token.lineno);
    };
    while (this.ct() !== 'rparen') {
      if (requireComma) {
        this.expect('comma');
        if (this.ct() === 'rparen') break;
      }
      if (this.ct() === 'mul') {
        ensure(!out.dynArgs && !out.dynKwargs);
        this.next();
        out.dynArgs = this.parseExpression();
      } else if (this.ct() === 'pow') {
        ensure(!out.dynKwargs);
        this.next();
        out.dynKwargs = this.parseExpression();
      } else if (this.ct() === 'name' && this.look().type === 'assign') {
        ensure(!out.dynKwargs);
        const key = String(this.cur.value);
        this.next();
        this.next();
        out.kwargs.push([key, this.parseExpression()]);
      } else {
        ensure(!out.dynArgs && !out.dynKwargs && !out.kwargs.length);
        out.args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.expect('rparen');
    return out;
  }

  private parseCall(node: Expr): Expr {
    const lineno = this.cur.lineno;
    return { k: 'call', node, ...this.parseCallArgs(), lineno };
  }

  private parseFilter(node: Expr | null, startInline = false): Expr | null {
    while (this.ct() === 'pipe' || startInline) {
      if (!startInline) this.next();
      const token = this.expect('name');
      let name = String(token.value);
      while (this.ct() === 'dot') {
        this.next();
        name += `.${String(this.expect('name').value)}`;
      }
      const ca: CallArgs = this.ct() === 'lparen' ? this.parseCallArgs() : { args: [], kwargs: [] };
      node = { k: 'filter', node, name, ...ca, lineno: token.lineno };
      startInline = false;
    }
    return node;
  }

  private parseTest(node: Expr): Expr {
    const token = this.next();
    let negated = false;
    if (test(this.cur, 'name:not')) {
      this.next();
      negated = true;
    }
    let name = String(this.expect('name').value);
    while (this.ct() === 'dot') {
      this.next();
      name += `.${String(this.expect('name').value)}`;
    }
    let ca: CallArgs = { args: [], kwargs: [] };
    const t = this.ct();
    if (t === 'lparen') ca = this.parseCallArgs();
    else if (
      ['name', 'string', 'integer', 'float', 'lparen', 'lbracket', 'lbrace'].includes(t) &&
      !['name:else', 'name:or', 'name:and'].some((e) => test(this.cur, e))
    ) {
      if (test(this.cur, 'name:is')) this.fail('You cannot chain multiple tests with is');
      ca = { args: [this.parsePostfix(this.parsePrimary())], kwargs: [] };
    }
    let out: Expr = { k: 'test', node, name, ...ca, lineno: token.lineno };
    if (negated) out = { k: 'not', node: out, lineno: token.lineno };
    return out;
  }
}

export { STATEMENT_KEYWORDS };
