/**
 * Encryption of secrets at rest (credential inputs, survey password defaults) and of launch-time
 * secrets parked in Redis, with AES-256-GCM.
 *
 * Format of an encrypted value: `$encrypted$AESGCM$v1$<base64url(iv[12] | tag[16] | ciphertext)>`.
 * The key is HKDF-SHA256(ikm = DROVER_SECRET_KEY, salt = "drover", info = "drover secrets v1"), 32 bytes.
 * The additional authenticated data is the value's purpose (e.g. `credential:ssh_key_data`), so a
 * ciphertext cannot be moved to another field. No dependency but node:crypto; the API encrypts
 * and the worker decrypts with this same code.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const ENCRYPTED_PREFIX = '$encrypted$AESGCM$v1$';
/** What responses show for a secret that is set, and what a client sends back to keep it. */
export const ENCRYPTED_PLACEHOLDER = '$encrypted$';

export class SecretBox {
  private readonly key: Buffer;

  constructor(secretKey: string) {
    if (!secretKey) throw new Error('SecretBox needs a secret key');
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.from('drover'), Buffer.from('drover secrets v1'), 32));
  }

  encrypt(plaintext: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ENCRYPTED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
  }

  decrypt(value: string, purpose: string): string {
    if (!isEncrypted(value)) throw new Error('not an encrypted value');
    const raw = Buffer.from(value.slice(ENCRYPTED_PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENCRYPTED_PREFIX);
}
