/** The customer's system information, collected when the operator asks (SPEC.md P5). */
export {
  createSystemInfoSource,
  SYSTEM_INFO_MIN_INTERVAL_MS,
  type SystemInfoSourceOptions,
} from './cached-source.js'
export { collectSystemInfo } from './collect.js'
