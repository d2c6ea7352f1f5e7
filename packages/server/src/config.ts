/**
 * The configuration's entry: what the rest of the server imports as `./config.js`. The parts
 * live in config/, one concept a file: load.ts reads and checks everything, settings.ts is the
 * table of flags and --help, and one file per area (network, tls, database, mail, keys, limits,
 * log-level, agent-downloads) with the helpers they share in parse-helpers.ts.
 */
export {
  agentDownloadsDefaults,
  type AgentDownloadsConfig,
  DEFAULT_AGENT_BUILDS_DIR,
} from './config/agent-downloads.js'
export { KEY_VARIABLES, type KeySource } from './config/keys.js'
export { MAX_SESSION_CODE_MINUTES } from './config/limits.js'
export { type Config, type LoadedConfig, loadConfig } from './config/load.js'
export { DEFAULT_PORT } from './config/network.js'
export { ConfigError, hideCredentials } from './config/parse-helpers.js'
export { toFlag, usage, wantsHelp } from './config/settings.js'
export { type TlsSource } from './config/tls.js'
