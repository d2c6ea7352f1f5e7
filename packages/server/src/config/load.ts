/**
 * The server's configuration: environment variables and command-line flags, validated at
 * start. Every bad value is reported at once with what was wrong and what is expected.
 */
import type { DatabaseLocation } from '../store/db.js'
import { type AgentDownloadsConfig, parseAgentDownloads } from './agent-downloads.js'
import { parseDatabase, parseDataDir } from './database.js'
import { type KeySource, parseKeys } from './keys.js'
import { parseLimits } from './limits.js'
import { parseLogLevel } from './log-level.js'
import { parseMailFrom } from './mail.js'
import { DEFAULT_PORT, parseHost, parsePublicUrl, parseTrustedProxies } from './network.js'
import { ConfigError, parseServiceUrl } from './parse-helpers.js'
import { parseFlags, type Setting } from './settings.js'
import { parseTls, type TlsSource } from './tls.js'

export interface Config {
  readonly publicUrl: URL
  readonly host: string
  readonly port: number
  readonly dataDir: string
  readonly database: DatabaseLocation
  readonly redisUrl: string | null
  readonly smtpUrl: string | null
  readonly mailFrom: string
  readonly tls: TlsSource
  readonly keys: KeySource
  /** Addresses/CIDRs whose X-Forwarded-For is believed. Empty: only the socket address. */
  readonly trustedProxies: readonly string[]
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Support-session number expiry: default and bounds, in minutes. */
  readonly sessionCodeDefaultMinutes: number
  readonly sessionCodeMinMinutes: number
  readonly sessionCodeMaxMinutes: number
  /** Default history retention of new tenants (DESIGN.md S13: 180 days). */
  readonly defaultRetentionDays: number
  readonly purgeIntervalMinutes: number
  /** Installed agents count as online this long after a heartbeat (absent: 90). */
  readonly deviceOnlineSeconds?: number
  /** Absent in hand-made configurations (tests): agentDownloadsDefaults(dataDir) then. */
  readonly agentDownloads?: AgentDownloadsConfig
}

/** A loaded configuration plus what is allowed but worth a warning in the log. */
export interface LoadedConfig extends Config {
  readonly warnings: readonly string[]
}

/** Reads and checks the configuration; throws ConfigError listing every problem found. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): LoadedConfig {
  const problems: string[] = []
  const warnings: string[] = []
  const flags = parseFlags(argv, problems)
  const get = (name: string): string | undefined => {
    const value = (flags.get(name) ?? env[name])?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const fail = (name: string, message: string): void => {
    problems.push(`${name}: ${message}`)
  }
  const integer = (name: Setting, min: number, max: number, fallback: number): number => {
    const raw = get(name)
    if (raw === undefined) return fallback
    const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN
    if (value >= min && value <= max) return value
    fail(name, `must be an integer from ${min} to ${max}, got "${raw}"`)
    return fallback
  }

  const port = integer('PORT', 1, 65_535, DEFAULT_PORT)
  const host = parseHost(get('HOST') ?? '0.0.0.0', fail)
  const publicUrl = parsePublicUrl(get('PUBLIC_URL'), port, fail, warnings)
  const dataDir = parseDataDir(get('DATA_DIR') ?? './data', fail)
  const database = parseDatabase(get('DATABASE_URL'), dataDir, fail)
  const redisUrl = parseServiceUrl('REDIS_URL', get('REDIS_URL'), ['redis:', 'rediss:'], fail)
  const smtpUrl = parseServiceUrl('SMTP_URL', get('SMTP_URL'), ['smtp:', 'smtps:'], fail)
  const mailFrom = parseMailFrom(get('MAIL_FROM'), publicUrl, fail)
  const tls = parseTls(get('TLS_CERT_FILE'), get('TLS_KEY_FILE'), fail)
  const trustedProxies = parseTrustedProxies(get('TRUSTED_PROXIES'), fail)
  const logLevel = parseLogLevel(get('LOG_LEVEL'), fail)
  const limits = parseLimits(integer, fail)
  const keys = parseKeys(get, dataDir, database, fail)
  const agentDownloads = parseAgentDownloads(get, dataDir, fail, warnings)

  if (problems.length > 0 || publicUrl === undefined || database === undefined || !keys) {
    throw new ConfigError(problems)
  }
  return {
    publicUrl,
    host,
    port,
    dataDir,
    database,
    redisUrl,
    smtpUrl,
    mailFrom,
    tls,
    keys,
    trustedProxies,
    logLevel,
    ...limits,
    agentDownloads,
    warnings,
  }
}
