/** Credentials and the order they are offered in: each private key, then the password (as `password`,
 * then as answers to `keyboard-interactive`). No agent. Like OpenSSH, an unusable key file is a warning,
 * not an error: the other methods are still tried, and the warning leads the auth failure message. */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, AuthHandlerMiddleware, ParsedKey } from 'ssh2';

export interface Credentials {
  keys: ParsedKey[];
  password?: string;
  /** OpenSSH-style warnings about key files that could not be used. */
  warnings: string[];
}

export function expandHome(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return join(homedir(), path.slice(2));
  return path;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

async function loadKey(path: string, warnings: string[], quietIfMissing: boolean, passphrase?: string): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!(quietIfMissing && code === 'ENOENT')) {
      const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : String(code);
      warnings.push(`Warning: Identity file ${path} not accessible: ${why}.`);
    }
    return undefined;
  }
  const parsed = ssh2.utils.parseKey(data, passphrase);
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | Error | undefined) : parsed;
  if (!key || key instanceof Error) {
    const encrypted = key instanceof Error && /encrypt|passphrase/i.test(key.message);
    warnings.push(`Load key "${path}": ${encrypted ? 'incorrect passphrase supplied to decrypt private key' : 'invalid format'}`);
    return undefined;
  }
  if (!key.isPrivateKey()) {
    warnings.push(`Load key "${path}": invalid format`);
    return undefined;
  }
  return key;
}

/** The key file if given (~ expanded; unlocked with `passphrase` when encrypted), else ~/.ssh/id_ed25519,
 * id_ecdsa, id_rsa when present (and no password). */
export async function loadCredentials(privateKeyFile: string | undefined, password: string | undefined, passphrase?: string): Promise<Credentials> {
  const warnings: string[] = [];
  const keys: ParsedKey[] = [];
  if (privateKeyFile) {
    const key = await loadKey(expandHome(privateKeyFile), warnings, false, passphrase);
    if (key) keys.push(key);
  } else if (password === undefined) {
    const found = await Promise.all(DEFAULT_KEYS.map((n) => loadKey(join(homedir(), '.ssh', n), warnings, true)));
    for (const k of found) if (k) keys.push(k);
  }
  return { keys, password, warnings };
}

/** What the auth handler learned, for the error message when every method fails. */
export interface AuthState {
  /** The methods the server last said can continue, e.g. ['publickey', 'password']. */
  methods: AuthenticationType[];
  passwordTried: boolean;
}

export function makeAuthHandler(user: string, creds: Credentials, state: AuthState): AuthHandlerMiddleware {
  const steps: AnyAuthMethod[] = creds.keys.map((key) => ({ type: 'publickey', username: user, key }));
  const password = creds.password;
  if (password !== undefined) {
    steps.push({ type: 'password', username: user, password });
    steps.push({
      type: 'keyboard-interactive',
      username: user,
      prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
    });
  }
  let triedNone = false;
  return (methodsLeft, _partial, next) => {
    // null on the first call; afterwards the server's list from USERAUTH_FAILURE
    const known = Array.isArray(methodsLeft) ? methodsLeft : undefined;
    if (known) state.methods = known;
    for (let step = steps.shift(); step; step = steps.shift()) {
      if (known && !known.includes(step.type)) continue;
      if (step.type === 'password' || step.type === 'keyboard-interactive') state.passwordTried = true;
      next(step);
      return;
    }
    if (!known && !triedNone) {
      // nothing to offer: ask with 'none' so the failure can name the server's methods, as ssh does
      triedNone = true;
      next({ type: 'none', username: user });
      return;
    }
    (next as unknown as (auth: false) => void)(false);
  };
}
