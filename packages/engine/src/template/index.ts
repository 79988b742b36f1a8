// drover's templating layer: Jinja2 3.1 with Ansible 2.14 semantics, implemented in TypeScript.
// See README.md in this folder.

export { Templar, toPlain, type TemplarOptions, type RenderOptions, type Vars } from './templar.js';
export {
  TemplateError,
  UndefinedError,
  TemplateSyntaxError,
  TemplateRuntimeError,
  FilterError,
  ConditionalError,
} from './errors.js';
export { OMIT_TOKEN } from './globals.js';
export { markUnsafe, isUnsafe } from './unsafe.js';
export { pyStr, pyRepr } from './py-repr.js';
export { lookupNames } from './lookups.js';
