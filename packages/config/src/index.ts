export { envSchema, type RawEnv, type ParsedEnv } from './env.schema.js';
export { type AppConfig, toAppConfig, logLevels, getPath } from './app-config.js';
export { loadConfig, readEnv, ConfigError } from './load-config.js';
export { parseTrustProxy, type TrustProxy } from './trust-proxy.js';
export { SECTIONS, variable, type SectionId, type Variable } from './declare.js';
export { VARIABLES, LOCAL_TOOL_VARIABLES, type VariableName } from './variables.js';
export { GLM_MODELS, modelFacts, DEFAULT_ANSWER_TOKENS, type ModelFacts, type ModelPrices } from './models.js';
export { renderEnvExample, renderConfigurationDoc } from './docs.js';
export { renderEffectiveConfig, maskSecret } from './print.js';
export {
  generateKeyPair,
  localKeyPair,
  localSecret,
  LOCAL_KEY_DIR,
  type KeyPair,
} from './dev-keys.js';
