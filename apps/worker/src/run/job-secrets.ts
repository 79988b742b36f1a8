/**
 * A job's secrets: its machine credential (decrypted from the Credential row) and its launch-time
 * secrets (GETDEL of `<queuePrefix>:launch-secrets:<jobId>` in Redis, decrypted), turned into the
 * extra variables the engine connects with, every value registered with the job's Masker first.
 *
 * Like AWX's credential injection (`-u`, `--private-key`, `--ask-pass`, `--ask-become-pass` on the
 * ansible-playbook command line), the credential's values override the inventory's connection
 * variables; they are handed to the in-process engine as extra variables (`ansible_user`,
 * `ansible_ssh_private_key_file`, `ansible_password`, `ansible_become_*`), under the job's own extra
 * variables (`-e` beats the command line options in Ansible too).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ENCRYPTED_PLACEHOLDER,
  credentialSecretPurpose,
  SecretBox,
  isEncrypted,
  launchSecretsKey,
  launchSecretsPurpose,
  parseLaunchSecrets,
  type LaunchSecrets,
} from '@drover/secrets';
import { WorkerError } from '../errors.js';
import type { Masker } from '../mask.js';
import type { CredentialSource, JobRecord } from '../store/ports.js';

/** Redis as the secrets source needs it (ioredis' `getdel`). */
export interface GetDelClient {
  getdel(key: string): Promise<string | null>;
}

/** The production source: credentials through `getCredential` (PrismaSourceStore), launch-time secrets
 * from Redis, the SecretBox from DROVER_SECRET_KEY. */
export function jobSecretsSource(opts: {
  readonly secretKey: string | undefined;
  readonly credentials: { getCredential(id: number): Promise<CredentialSource | null> };
  readonly redis: GetDelClient;
  readonly queuePrefix: string;
}): JobSecretsSource {
  return {
    box: opts.secretKey ? new SecretBox(opts.secretKey) : undefined,
    getCredential: (id) => opts.credentials.getCredential(id),
    takeLaunchSecrets: (jobId) => opts.redis.getdel(launchSecretsKey(opts.queuePrefix, jobId)),
  };
}

/** Where the runner gets secrets from (production: `@drover/secrets` + Prisma + Redis, see process.ts). */
export interface JobSecretsSource {
  /** Undefined: the worker has no DROVER_SECRET_KEY (a job that needs a secret fails to start). */
  readonly box: SecretBox | undefined;
  getCredential(id: number): Promise<CredentialSource | null>;
  /** Reads and deletes (GETDEL) the job's launch-time secrets; null when there are none. */
  takeLaunchSecrets(jobId: number): Promise<string | null>;
}

/** The launch-time answer each "ASK" input of a machine credential takes. */
const ASKED: Record<string, string> = { password: 'ssh_password', become_password: 'become_password', ssh_key_unlock: 'ssh_key_unlock' };
const SECRET_INPUTS = new Set(['password', 'ssh_key_data', 'ssh_key_unlock', 'become_password']);
const ASK = 'ASK';

export interface AppliedSecrets {
  /** The extra variables the engine gets (credential vars ← job extra vars ← launch secrets). */
  readonly extraVars: Record<string, unknown>;
  readonly warnings: readonly string[];
}

const userError = (msg: string) => new WorkerError('DRV_WORKER_SOURCES', msg);

/** Reads (and deletes) the job's launch-time secrets. Called first thing, so the key is gone as soon
 * as the job is claimed, whatever happens next. Every value is registered with the masker. */
export async function takeLaunchSecrets(src: JobSecretsSource | undefined, job: JobRecord, masker: Masker): Promise<LaunchSecrets | null> {
  if (!src) return null;
  const blob = await src.takeLaunchSecrets(job.id);
  if (blob === null) return null;
  if (!src.box) throw userError('the job has launch-time secrets, but this worker has no DROVER_SECRET_KEY to decrypt them');
  let secrets: LaunchSecrets;
  try {
    secrets = parseLaunchSecrets(src.box.decrypt(blob, launchSecretsPurpose(job.id)));
  } catch {
    throw userError('the job\'s launch-time secrets could not be decrypted (is DROVER_SECRET_KEY the API\'s?)');
  }
  for (const v of [...Object.values(secrets.credential_passwords), ...Object.values(secrets.extra_vars)]) masker.add(v);
  return secrets;
}

/**
 * The engine's extra variables for the job: its machine credential's connection variables (the
 * private key written to `<dir>/credential/ssh_key`, mode 0600; the runner removes `dir`), then the
 * job's extra variables, then the launch-time survey answers in place of their "$encrypted$"
 * placeholders. Every secret is registered with `masker` before anything can print it. Throws
 * WorkerError DRV_WORKER_SOURCES (the job fails to start) for what the user must fix.
 */
export async function applySecrets(
  src: JobSecretsSource | undefined,
  job: JobRecord,
  jobExtraVars: Readonly<Record<string, unknown>>,
  launch: LaunchSecrets | null,
  dir: string,
  masker: Masker,
): Promise<AppliedSecrets> {
  const warnings: string[] = [];
  const credVars: Record<string, unknown> = {};
  if (job.credentialId !== null) {
    if (!src) throw userError(`the job has a machine credential (${job.credentialId}), but this worker cannot read credentials`);
    const cred = await src.getCredential(job.credentialId);
    if (!cred) throw userError(`credential ${job.credentialId} does not exist`);
    if (cred.kind !== 'machine') throw userError(`credential "${cred.name}" is a ${cred.kind} credential, not a machine credential`);
    const inputs = decryptInputs(src.box, cred.name, cred.inputs, masker);
    const asked = launch?.credential_passwords ?? {};
    const missing: string[] = [];
    for (const [field, answer] of Object.entries(ASKED)) {
      if (inputs[field] !== ASK) continue;
      const v = asked[answer];
      if (v === undefined || v === '') missing.push(answer);
      else inputs[field] = v; // already masked (takeLaunchSecrets)
    }
    if (missing.length > 0) {
      throw userError(`credential "${cred.name}" asks for ${missing.join(', ')} at launch, and the job has none (launch-time secrets are used once and expire after 24 hours)`);
    }
    if (inputs['username']) credVars['ansible_user'] = inputs['username'];
    if (inputs['ssh_key_data']) {
      const keyDir = join(dir, 'credential');
      await mkdir(keyDir, { mode: 0o700 });
      const keyPath = join(keyDir, 'ssh_key');
      const text = inputs['ssh_key_data'].endsWith('\n') ? inputs['ssh_key_data'] : `${inputs['ssh_key_data']}\n`;
      await writeFile(keyPath, text, { mode: 0o600, flag: 'wx' });
      credVars['ansible_ssh_private_key_file'] = keyPath;
      // the key stays encrypted on disk; the engine unlocks it in memory
      if (inputs['ssh_key_unlock']) credVars['drover_ssh_private_key_passphrase'] = inputs['ssh_key_unlock'];
    }
    if (inputs['password']) credVars['ansible_password'] = inputs['password'];
    if (inputs['become_method']) credVars['ansible_become_method'] = inputs['become_method'];
    if (inputs['become_username']) credVars['ansible_become_user'] = inputs['become_username'];
    if (inputs['become_password']) credVars['ansible_become_password'] = inputs['become_password'];
  }

  const extraVars: Record<string, unknown> = { ...credVars, ...jobExtraVars };
  const answers = launch?.extra_vars ?? {};
  for (const [k, v] of Object.entries(answers)) extraVars[k] = v;
  const lost = Object.entries(extraVars).filter(([k, v]) => v === ENCRYPTED_PLACEHOLDER && !(k in answers)).map(([k]) => k);
  if (lost.length > 0) {
    throw userError(
      `the launch-time value of ${lost.map((k) => JSON.stringify(k)).join(', ')} is gone (launch-time secrets are used once and expire after 24 hours); launch the job again`,
    );
  }
  return { extraVars, warnings };
}

/** The credential's inputs in clear ("ASK" kept), each secret registered with the masker. */
/** A credential's inputs, decrypted; its secrets are added to `masker` when given. */
export function decryptInputs(box: SecretBox | undefined, name: string, stored: Record<string, unknown>, masker?: Masker): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(stored)) {
    if (typeof v !== 'string') continue;
    if (isEncrypted(v)) {
      if (!box) throw userError(`credential "${name}" is encrypted, and this worker has no DROVER_SECRET_KEY to decrypt it`);
      try {
        out[k] = box.decrypt(v, credentialSecretPurpose(k));
      } catch {
        throw userError(`the ${k} of credential "${name}" could not be decrypted (is DROVER_SECRET_KEY the API's?)`);
      }
    } else out[k] = v;
    if (masker && SECRET_INPUTS.has(k) && out[k] !== ASK) masker.add(out[k]);
  }
  return out;
}
