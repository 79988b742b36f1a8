export { SecretBox, ENCRYPTED_PREFIX, ENCRYPTED_PLACEHOLDER, isEncrypted } from './secret-box.js';
export {
  LAUNCH_SECRETS_TTL_SECONDS,
  launchSecretsKey,
  launchSecretsPurpose,
  credentialSecretPurpose,
  parseLaunchSecrets,
  type LaunchSecrets,
} from './launch-secrets.js';
