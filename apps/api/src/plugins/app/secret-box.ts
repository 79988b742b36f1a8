/** The SecretBox lives in @drover/secrets (shared with the worker); re-exported for the API's modules. */
export { SecretBox, ENCRYPTED_PREFIX, ENCRYPTED_PLACEHOLDER, isEncrypted } from '@drover/secrets';
