export { envSchema, type RawEnv, type ParsedEnv } from './env.schema.js';
export { type AppConfig, toAppConfig, logLevels } from './app-config.js';
export { loadConfig, readEnv, ConfigError } from './load-config.js';
export { parseTrustProxy, type TrustProxy } from './trust-proxy.js';
export {
  generateKeyPair,
  localKeyPair,
  localSecret,
  LOCAL_KEY_DIR,
  type KeyPair,
} from './dev-keys.js';
