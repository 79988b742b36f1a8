export { buildApp, type BuildAppOptions, type App } from './app.js';
export { configFromEnv, ConfigError, type ApiConfig } from './config.js';
export { ApiError, API_ERRORS, type ApiErrorCode } from './errors.js';
export { SecretBox, ENCRYPTED_PREFIX, ENCRYPTED_PLACEHOLDER, isEncrypted } from './plugins/app/secret-box.js';
