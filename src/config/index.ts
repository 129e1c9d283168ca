/** Configuration: loading, validation and its errors. */
export * from './config.ts';
export {
  ConfigError,
  type ConfigProblem,
  formatConfigError,
} from './config-error.ts';
export {
  type LoadConfigOptions,
  loadConfig,
  readEnv,
} from './load-config.ts';
export {
  type Env,
  hasWebexCredentials,
  parseConfig,
  parseStoreUrl,
} from './parse-config.ts';
