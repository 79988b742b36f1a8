/**
 * The launch-time secrets contract between the API and the worker. Credential passwords given at
 * launch and survey password answers never reach Postgres: the API stores them as one Redis string at
 * `<queuePrefix>:launch-secrets:<jobId>`, `SecretBox.encrypt(JSON.stringify(LaunchSecrets),
 * "launch-secrets:<jobId>")`, with a 24 h TTL, and the job's `extraVars` hold `"$encrypted$"` for the
 * survey variables. The worker GETDELs the key when it starts the job.
 */
export const LAUNCH_SECRETS_TTL_SECONDS = 24 * 3600;

export const launchSecretsKey = (queuePrefix: string, jobId: number): string => `${queuePrefix}:launch-secrets:${jobId}`;
export const launchSecretsPurpose = (jobId: number): string => `launch-secrets:${jobId}`;
/** The additional data of a credential input's ciphertext. */
export const credentialSecretPurpose = (field: string): string => `credential:${field}`;

export interface LaunchSecrets {
  /** ssh_password, become_password, ssh_key_unlock: answers for the credential's "ASK" inputs. */
  credential_passwords: Record<string, string>;
  /** Survey password answers, by variable name. */
  extra_vars: Record<string, string>;
}

function stringRecord(v: unknown, what: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error(`launch secrets: ${what} is not an object`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (typeof x !== 'string') throw new Error(`launch secrets: ${what}.${k} is not a string`);
    out[k] = x;
  }
  return out;
}

/** Parses the decrypted JSON (throws on anything else). */
export function parseLaunchSecrets(json: string): LaunchSecrets {
  const v: unknown = JSON.parse(json);
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('launch secrets: not an object');
  const o = v as Record<string, unknown>;
  return { credential_passwords: stringRecord(o['credential_passwords'], 'credential_passwords'), extra_vars: stringRecord(o['extra_vars'], 'extra_vars') };
}
