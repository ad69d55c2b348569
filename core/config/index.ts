export { DEFAULT_EVOHUB_CONFIG, withConfigDefaults } from './defaults.ts';
export {
  CONFIG_FILE,
  ENVIRONMENTS_DIR,
  listEnvironments,
  readEnvironment,
  readEvohubConfig,
} from './files.ts';
export { parseEnvironment, parseEvohubConfig } from './parse.ts';
export type { EnvironmentPins, EvohubConfig, ProviderSettings } from './types.ts';
