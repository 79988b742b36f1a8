// Jinja2 template AST (a subset of jinja2.nodes, same shapes).

export interface CallArgs {
  args: Expr[];
  kwargs: [string, Expr][];
  dynArgs?: Expr;
  dynKwargs?: Expr;
}

export type BinOp = 'add' | 'sub' | 'mul' | 'div' | 'floordiv' | 'mod' | 'pow';

export type Expr =
  | { k: 'const'; v: unknown; lineno: number }
  | { k: 'name'; name: string; lineno: number }
  | { k: 'tuple'; items: Expr[]; lineno: number }
  | { k: 'list'; items: Expr[]; lineno: number }
  | { k: 'dict'; items: [Expr, Expr][]; lineno: number }
  | { k: 'getattr'; node: Expr; attr: string; lineno: number }
  | { k: 'getitem'; node: Expr; arg: Expr; lineno: number }
  | { k: 'slice'; start?: Expr; stop?: Expr; step?: Expr; lineno: number }
  | ({ k: 'call'; node: Expr; lineno: number } & CallArgs)
  | ({ k: 'filter'; node: Expr | null; name: string; lineno: number } & CallArgs)
  | ({ k: 'test'; node: Expr; name: string; lineno: number } & CallArgs)
  | { k: 'cond'; test: Expr; a: Expr; b?: Expr; lineno: number }
  | { k: 'bin'; op: BinOp; l: Expr; r: Expr; lineno: number }
  | { k: 'neg' | 'pos' | 'not'; node: Expr; lineno: number }
  | { k: 'and' | 'or'; l: Expr; r: Expr; lineno: number }
  | { k: 'compare'; expr: Expr; ops: [string, Expr][]; lineno: number }
  | { k: 'concat'; items: Expr[]; lineno: number }
  | { k: 'nsref'; name: string; attr: string; lineno: number };

export type OutputNode = { k: 'data'; data: string } | Expr;

export type Stmt =
  | { k: 'output'; nodes: OutputNode[]; lineno: number }
  | { k: 'if'; test: Expr; body: Stmt[]; elifs: { test: Expr; body: Stmt[] }[]; else_: Stmt[]; lineno: number }
  | {
      k: 'for';
      target: Expr;
      iter: Expr;
      body: Stmt[];
      else_: Stmt[];
      test?: Expr;
      recursive: boolean;
      lineno: number;
    }
  | { k: 'set'; target: Expr; expr: Expr; lineno: number }
  | { k: 'setblock'; target: Expr; filter?: Expr; body: Stmt[]; lineno: number }
  | { k: 'macro'; name: string; args: string[]; defaults: Expr[]; body: Stmt[]; lineno: number }
  | { k: 'callblock'; call: Expr; args: string[]; defaults: Expr[]; body: Stmt[]; lineno: number }
  | { k: 'filterblock'; filter: Expr; body: Stmt[]; lineno: number }
  | { k: 'with'; targets: Expr[]; values: Expr[]; body: Stmt[]; lineno: number }
  | { k: 'scope'; body: Stmt[]; lineno: number }
  | { k: 'include'; template: Expr; ignoreMissing: boolean; withContext: boolean; lineno: number }
  | { k: 'import'; template: Expr; target: string; withContext: boolean; lineno: number }
  | { k: 'fromimport'; template: Expr; names: [string, string][]; withContext: boolean; lineno: number }
  | { k: 'extends'; template: Expr; lineno: number }
  | { k: 'block'; name: string; body: Stmt[]; scoped: boolean; lineno: number };

export interface TemplateAst {
  body: Stmt[];
}
