// Errors raised by the template layer. Each carries two texts:
//  - `message`: the concise text (Jinja2's own message, e.g. "'foo' is undefined");
//  - `ansibleMessage`: what Ansible 2.14's Templar puts in str(exception), which for most errors repeats
//    the original message after ". " (AnsibleError appends orig_exc). The executor should show the latter
//    when it reproduces Ansible's task failure texts.

export class TemplateError extends Error {
  /** The text Ansible 2.14 would show for this error (str() of the AnsibleError). */
  readonly ansibleMessage: string;
  constructor(message: string, ansibleMessage?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
    this.ansibleMessage = ansibleMessage ?? message;
  }
}

/** Thrown when a template reads an undefined variable/attribute. */
export class UndefinedError extends TemplateError {
  /** The missing name: a variable name, attribute name or key (stringified). */
  readonly variable?: string;
  constructor(message: string, variable?: string, ansibleMessage?: string) {
    super(message, ansibleMessage ?? `${message}. ${message}`);
    this.name = 'UndefinedError';
    this.variable = variable;
  }
}

/** Thrown for a template syntax error. `message` is Ansible's "template error while templating string: ..." text. */
export class TemplateSyntaxError extends TemplateError {
  /** Jinja2's own message, e.g. "expected token 'end of print statement', got 'b'". */
  readonly jinjaMessage: string;
  /** 1-based line inside the template. */
  readonly lineno: number;
  /** The template source. */
  readonly source?: string;
  constructor(jinjaMessage: string, lineno: number, source?: string) {
    const message =
      source === undefined
        ? jinjaMessage
        : `template error while templating string: ${jinjaMessage}. String: ${source}`;
    super(message, source === undefined ? message : `${message}. ${jinjaMessage}`);
    this.name = 'TemplateSyntaxError';
    this.jinjaMessage = jinjaMessage;
    this.lineno = lineno;
    this.source = source;
  }
}

/** A runtime failure inside a template: a Python TypeError/ValueError equivalent or a filter error
 * (AnsibleFilterError). `pyType` is the Python exception class name Ansible would report. */
export class TemplateRuntimeError extends TemplateError {
  readonly pyType: string;
  constructor(message: string, pyType = 'AnsibleError', ansibleMessage?: string) {
    super(message, ansibleMessage);
    this.name = 'TemplateRuntimeError';
    this.pyType = pyType;
  }
}

/** Python TypeError raised while evaluating (e.g. "'<' not supported between instances of 'int' and 'str'"). */
export class PyTypeError extends TemplateRuntimeError {
  constructor(message: string) {
    super(message, 'TypeError');
    this.name = 'PyTypeError';
  }
}

/** Python ValueError / KeyError / IndexError and friends. */
export class PyValueError extends TemplateRuntimeError {
  constructor(message: string, pyType = 'ValueError') {
    super(message, pyType);
    this.name = 'PyValueError';
  }
}

/** AnsibleFilterError / AnsibleFilterTypeError raised by a filter or test. */
export class FilterError extends TemplateRuntimeError {
  constructor(message: string, pyType = 'AnsibleFilterError') {
    super(message, pyType);
    this.name = 'FilterError';
  }
}

/** Error evaluating a when/changed_when/failed_when/that condition. `message` is Ansible's full text:
 * "The conditional check 'X' failed. The error was: ...". `cause` is the underlying TemplateError. */
export class ConditionalError extends TemplateError {
  readonly conditional: string;
  readonly isUndefined: boolean;
  constructor(conditional: string, detail: string, cause: unknown) {
    const message = `The conditional check '${conditional}' failed. The error was: ${detail}`;
    super(message, message, { cause });
    this.name = 'ConditionalError';
    this.conditional = conditional;
    this.isUndefined = cause instanceof UndefinedError;
  }
}
