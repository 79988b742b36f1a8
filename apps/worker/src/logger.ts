/** The worker's log: one JSON object per line on stderr. Messages and fields go through a mask
 * function first, so a secret that reaches a log call is still never written. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

type Level = 'info' | 'warn' | 'error';

export function jsonLogger(
  write: (line: string) => void = (l) => process.stderr.write(l),
  mask: (text: string) => string = (t) => t,
  base: Record<string, unknown> = {},
): Logger {
  const log = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    const rec = { time: new Date().toISOString(), level, msg, ...base, ...fields };
    write(mask(JSON.stringify(rec, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v))) + '\n');
  };
  return {
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => jsonLogger(write, mask, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

/** The logger with every message and field (deeply) masked first. */
export function maskedLogger(logger: Logger, masker: { mask(text: string): string; maskDeep<T>(v: T): T }): Logger {
  const plain = (v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v);
  const f = (fields?: Record<string, unknown>) => (fields ? masker.maskDeep(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, plain(v)]))) : fields);
  return {
    info: (m, x) => logger.info(masker.mask(m), f(x)),
    warn: (m, x) => logger.warn(masker.mask(m), f(x)),
    error: (m, x) => logger.error(masker.mask(m), f(x)),
    child: (fields) => maskedLogger(logger.child(masker.maskDeep(fields)), masker),
  };
}
