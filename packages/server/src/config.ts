/**
 * The server's configuration: environment variables and command-line flags, validated at
 * start. Every bad value is reported at once with what was wrong and what is expected.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import ipaddr from 'ipaddr.js'

import { decodeKeyText, KEY_TEXT_HINT } from './secrets/key-text.js'
import type { DatabaseLocation } from './store/db.js'

export type TlsSource =
  | { readonly kind: 'files'; readonly certFile: string; readonly keyFile: string }
  | { readonly kind: 'self-signed' }

export type KeySource =
  /** Keys from environment variables (base64 or hex, 32 bytes each), keyed by variable name. */
  | { readonly kind: 'env'; readonly values: Readonly<Record<string, string>> }
  /** Keys from a JSON file (KEYS_FILE), generated there for the embedded default. */
  | { readonly kind: 'file'; readonly path: string; readonly generateIfMissing: boolean }

/** Serving the customer's program (docs/configuration.md "Agent downloads"). */
export interface AgentDownloadsConfig {
  /** Where `npm run build:exe -w @tasuke/agent` put the executables. */
  readonly buildsDir: string
  /** Ed25519 private key (PEM) that signs every download; generated when the default. */
  readonly signingKey: { readonly path: string; readonly generateIfMissing: boolean }
  /** Certificate and key (PEM) osslsigncode signs the Windows build with; null: unsigned. */
  readonly authenticode: { readonly certFile: string; readonly keyFile: string } | null
}

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
  /** Absent in hand-made configurations (tests): agentDownloadsDefaults(dataDir) then. */
  readonly agentDownloads?: AgentDownloadsConfig
}

/** A loaded configuration plus what is allowed but worth a warning in the log. */
export interface LoadedConfig extends Config {
  readonly warnings: readonly string[]
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'))
  }
}

export const DEFAULT_PORT = 8443
export const MAX_SESSION_CODE_MINUTES = 10_080
/** build-executable.ts writes here unless given --out. */
export const DEFAULT_AGENT_BUILDS_DIR = fileURLToPath(
  new URL('../../agent/dist/executables', import.meta.url),
)
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** The four data-encryption keys given as variables → their name in DataKeys. */
export const KEY_VARIABLES = {
  EMAIL_ENCRYPTION_KEY: 'email',
  EMAIL_INDEX_KEY: 'emailIndex',
  CHAT_ENCRYPTION_KEY: 'chat',
  TOTP_ENCRYPTION_KEY: 'totp',
} as const
const KEY_NAMES = Object.keys(KEY_VARIABLES) as (keyof typeof KEY_VARIABLES)[]

/** Every variable that may also be given as a flag (`PUBLIC_URL` → `--public-url`). */
const SETTINGS = {
  PUBLIC_URL: 'address people and agents use, https://… (default https://localhost:<PORT>)',
  HOST: 'address to listen on (default 0.0.0.0)',
  PORT: `port to listen on, 1-65535 (default ${DEFAULT_PORT})`,
  DATA_DIR: 'folder for the SQLite file, keys and certificate (default ./data)',
  DATABASE_URL:
    'SQLite file (path, sqlite:<path>, file:<path>) or postgres://… (default <DATA_DIR>/tasuke.sqlite)',
  REDIS_URL: 'redis:// or rediss:// URL, for several nodes (default: none)',
  SMTP_URL: 'smtp:// or smtps:// URL for invitation mail (default: none, links are shown instead)',
  MAIL_FROM: 'sender of mail (default "tasuke <noreply@<PUBLIC_URL host>>")',
  TLS_CERT_FILE:
    'PEM certificate chain (with TLS_KEY_FILE; default: self-signed in <DATA_DIR>/tls)',
  TLS_KEY_FILE: 'PEM private key (with TLS_CERT_FILE)',
  TRUSTED_PROXIES: 'comma list of reverse-proxy IPs/CIDRs whose X-Forwarded-For is believed',
  LOG_LEVEL: `${LOG_LEVELS.join(', ')} (default info)`,
  SESSION_CODE_DEFAULT_MINUTES: 'default expiry of session numbers (default 30)',
  SESSION_CODE_MIN_MINUTES: 'shortest expiry an operator may choose (default 5)',
  SESSION_CODE_MAX_MINUTES: `longest expiry, at most ${MAX_SESSION_CODE_MINUTES} (default 1440)`,
  DEFAULT_RETENTION_DAYS: 'connection-history retention of new companies, 1-3650 (default 180)',
  PURGE_INTERVAL_MINUTES: 'how often expired history is purged, 1-1440 (default 60)',
  KEYS_FILE:
    'JSON file of the data-encryption keys (default <DATA_DIR>/keys.json with SQLite, made if missing)',
  AGENT_BUILDS_DIR:
    'folder of the agent executables (npm run build:exe -w @tasuke/agent; default packages/agent/dist/executables)',
  AGENT_SIGNING_KEY:
    'Ed25519 private key (PEM) that signs agent downloads (default <DATA_DIR>/agent-signing-key.pem, made if missing)',
  AUTHENTICODE_CERT:
    'PEM certificate to sign the Windows agent with osslsigncode (with AUTHENTICODE_KEY; default: unsigned)',
  AUTHENTICODE_KEY: 'PEM private key of AUTHENTICODE_CERT',
} as const
type Setting = keyof typeof SETTINGS

export function toFlag(name: string): string {
  return `--${name.toLowerCase().replace(/_/g, '-')}`
}

export function usage(): string {
  const settings = Object.entries(SETTINGS).flatMap(([name, help]) => [
    `  ${toFlag(name)}, ${name}`,
    `      ${help}`,
  ])
  return [
    'Usage: tasuke-server [--flag value | --flag=value] …',
    '',
    'Every setting is an environment variable or a flag; a flag wins over the variable.',
    '',
    ...settings,
    '',
    'Data-encryption keys (environment only, never flags: they would show in the process list):',
    `  ${KEY_NAMES.join(', ')}`,
    '      all four or none; each 32 bytes as base64 or 64 hex digits (openssl rand -base64 32).',
    '      Required with PostgreSQL unless KEYS_FILE is set. With SQLite and none set, they are',
    '      generated into <DATA_DIR>/keys.json on first start: back that file up.',
    '',
    '  -h, --help',
    '      print this text',
  ].join('\n')
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h')
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
  const sessionCodeMinMinutes = integer('SESSION_CODE_MIN_MINUTES', 1, MAX_SESSION_CODE_MINUTES, 5)
  const sessionCodeMaxMinutes = integer(
    'SESSION_CODE_MAX_MINUTES',
    1,
    MAX_SESSION_CODE_MINUTES,
    1440,
  )
  const sessionCodeDefaultMinutes = integer(
    'SESSION_CODE_DEFAULT_MINUTES',
    1,
    MAX_SESSION_CODE_MINUTES,
    30,
  )
  if (sessionCodeMinMinutes > sessionCodeMaxMinutes) {
    fail(
      'SESSION_CODE_MIN_MINUTES',
      `must not be more than SESSION_CODE_MAX_MINUTES (${sessionCodeMaxMinutes}), got ${sessionCodeMinMinutes}`,
    )
  } else if (
    sessionCodeDefaultMinutes < sessionCodeMinMinutes ||
    sessionCodeDefaultMinutes > sessionCodeMaxMinutes
  ) {
    fail(
      'SESSION_CODE_DEFAULT_MINUTES',
      `must be from SESSION_CODE_MIN_MINUTES (${sessionCodeMinMinutes}) to SESSION_CODE_MAX_MINUTES (${sessionCodeMaxMinutes}), got ${sessionCodeDefaultMinutes}`,
    )
  }
  const defaultRetentionDays = integer('DEFAULT_RETENTION_DAYS', 1, 3650, 180)
  const purgeIntervalMinutes = integer('PURGE_INTERVAL_MINUTES', 1, 1440, 60)
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
    sessionCodeDefaultMinutes,
    sessionCodeMinMinutes,
    sessionCodeMaxMinutes,
    defaultRetentionDays,
    purgeIntervalMinutes,
    agentDownloads,
    warnings,
  }
}

type Fail = (name: string, message: string) => void

function parseFlags(argv: readonly string[], problems: string[]): Map<string, string> {
  const flags = new Map<string, string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--help' || arg === '-h') continue
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument "${arg}" (flags look like --port 8443; see --help)`)
      continue
    }
    const equals = arg.indexOf('=')
    const flag = equals === -1 ? arg : arg.slice(0, equals)
    const name = flag.slice(2).toUpperCase().replace(/-/g, '_')
    if (!(name in SETTINGS) || flag !== toFlag(name)) {
      problems.push(`${flag}: unknown flag (see --help)`)
      if (equals === -1 && argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) i++
      continue
    }
    let value: string | undefined
    if (equals !== -1) value = arg.slice(equals + 1)
    else if (argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) value = argv[++i]
    if (value === undefined) problems.push(`${flag}: needs a value`)
    else flags.set(name, value)
  }
  return flags
}

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

function isIpAddress(value: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(value) || ipaddr.IPv6.isValid(value)
}

function parseHost(value: string, fail: Fail): string {
  // All digits and dots is meant as an IPv4 address, so it must be a valid one.
  if (isIpAddress(value) || (HOSTNAME.test(value) && !/^[\d.]+$/.test(value))) return value
  fail('HOST', `must be an IP address or a host name such as 0.0.0.0 or ::, got "${value}"`)
  return value
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

function parsePublicUrl(
  value: string | undefined,
  port: number,
  fail: Fail,
  warnings: string[],
): URL | undefined {
  const text = value ?? `https://localhost${port === 443 ? '' : `:${port}`}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    fail('PUBLIC_URL', `must be a URL such as https://support.example.com, got "${text}"`)
    return undefined
  }
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) {
    warnings.push(`PUBLIC_URL ${url.origin} is plain http: use it only for local development`)
  } else if (url.protocol !== 'https:') {
    fail(
      'PUBLIC_URL',
      `must start with https:// (http:// only for localhost or 127.0.0.1), got "${text}"`,
    )
    return undefined
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    fail(
      'PUBLIC_URL',
      `must be only scheme, host and optional port (no path, query or user), got "${text}"`,
    )
    return undefined
  }
  return url
}

function parseDataDir(value: string, fail: Fail): string {
  const path = resolve(value)
  if (existsSync(path) && !statSync(path).isDirectory()) {
    fail('DATA_DIR', `"${path}" exists and is not a folder`)
  }
  return path
}

/** `scheme://user:password@host` → `scheme://***@host`, so messages never show a password. */
export function hideCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@')
}

function parseDatabase(
  value: string | undefined,
  dataDir: string,
  fail: Fail,
): DatabaseLocation | undefined {
  if (value === undefined) return { dialect: 'sqlite', path: resolve(dataDir, 'tasuke.sqlite') }
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(value)?.[1]?.toLowerCase()
  const expected =
    'must be a SQLite file (a path, sqlite:<path> or file:<path>) or a postgres:// URL'
  if (scheme === undefined) return { dialect: 'sqlite', path: resolve(value) }
  if (scheme === 'sqlite' || scheme === 'file') {
    let path = value.slice(scheme.length + 1)
    if (scheme === 'file' && path.startsWith('//')) {
      try {
        path = fileURLToPath(value)
      } catch {
        fail('DATABASE_URL', `${expected}, got "${value}"`)
        return undefined
      }
    } else if (path.startsWith('//')) path = path.slice(2)
    if (path === '') {
      fail('DATABASE_URL', `${expected}; the path is empty`)
      return undefined
    }
    return { dialect: 'sqlite', path: path === ':memory:' ? path : resolve(path) }
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    try {
      const url = new URL(value)
      if (url.hostname === '') throw new Error('no host')
      return { dialect: 'postgres', url: value }
    } catch {
      fail(
        'DATABASE_URL',
        `must be a PostgreSQL URL such as postgres://user:password@host:5432/tasuke, got "${hideCredentials(value)}"`,
      )
      return undefined
    }
  }
  fail('DATABASE_URL', `${expected}, got "${hideCredentials(value)}"`)
  return undefined
}

function parseServiceUrl(
  name: string,
  value: string | undefined,
  schemes: readonly string[],
  fail: Fail,
): string | null {
  if (value === undefined) return null
  const expected = `must be a ${schemes.map((s) => `${s}//`).join(' or ')} URL with a host`
  try {
    const url = new URL(value)
    if (schemes.includes(url.protocol) && url.hostname !== '') return value
  } catch {
    // reported below
  }
  fail(name, `${expected}, got "${hideCredentials(value)}"`)
  return null
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>]+@[^\s@<>]+)>$/

function parseMailFrom(value: string | undefined, publicUrl: URL | undefined, fail: Fail): string {
  if (value === undefined) return `tasuke <noreply@${publicUrl?.hostname ?? 'localhost'}>`
  if (!ADDRESS.test(value) && !NAMED_ADDRESS.test(value)) {
    fail('MAIL_FROM', `must be an address or "Name <address>", got "${value}"`)
  }
  return value
}

function parseTls(cert: string | undefined, key: string | undefined, fail: Fail): TlsSource {
  if (cert === undefined && key === undefined) return { kind: 'self-signed' }
  if (cert === undefined || key === undefined) {
    const missing = cert === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE'
    fail(
      missing,
      'TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither for a self-signed certificate',
    )
    return { kind: 'self-signed' }
  }
  const certFile = readableFile('TLS_CERT_FILE', cert, fail)
  const keyFile = readableFile('TLS_KEY_FILE', key, fail)
  return { kind: 'files', certFile, keyFile }
}

function readableFile(name: string, value: string, fail: Fail): string {
  const path = resolve(value)
  try {
    accessSync(path, constants.R_OK)
    if (!statSync(path).isFile()) fail(name, `"${path}" is not a file`)
  } catch {
    fail(name, `cannot read "${path}" (missing, or no permission)`)
  }
  return path
}

/** proxy-addr (Fastify's trustProxy) also knows these names. */
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

function parseTrustedProxies(value: string | undefined, fail: Fail): string[] {
  if (value === undefined) return []
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  for (const entry of entries) {
    const isValid =
      PROXY_NAMES.has(entry) ||
      isIpAddress(entry) ||
      ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) ||
      ipaddr.IPv6.isValidCIDR(entry)
    if (!isValid) {
      fail('TRUSTED_PROXIES', `"${entry}" is not an IP address or CIDR range such as 10.0.0.0/8`)
    }
  }
  return entries
}

function parseLogLevel(value: string | undefined, fail: Fail): Config['logLevel'] {
  if (value === undefined) return 'info'
  const level = LOG_LEVELS.find((candidate) => candidate === value.toLowerCase())
  if (level !== undefined) return level
  fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`)
  return 'info'
}

function parseKeys(
  get: (name: string) => string | undefined,
  dataDir: string,
  database: DatabaseLocation | undefined,
  fail: Fail,
): KeySource | undefined {
  const given = KEY_NAMES.filter((name) => get(name) !== undefined)
  const keysFile = get('KEYS_FILE')
  if (given.length > 0) {
    if (keysFile !== undefined) {
      fail('KEYS_FILE', `set either KEYS_FILE or the ${KEY_NAMES.join(', ')} variables, not both`)
      return undefined
    }
    if (given.length < KEY_NAMES.length) {
      const missing = KEY_NAMES.filter((name) => !given.includes(name))
      fail(
        missing.join(', '),
        `set all four data-encryption keys or none (${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set)`,
      )
      return undefined
    }
    const values: Record<string, string> = {}
    const seen = new Map<string, string>()
    let isValid = true
    for (const name of KEY_NAMES) {
      const text = get(name) ?? ''
      const bytes = decodeKeyText(text)
      if (bytes === null) {
        isValid = false
        fail(name, KEY_TEXT_HINT)
        continue
      }
      const earlier = seen.get(bytes.toString('hex'))
      if (earlier !== undefined) {
        isValid = false
        fail(name, `must differ from ${earlier}: every purpose has a key of its own`)
      }
      seen.set(bytes.toString('hex'), name)
      values[name] = text
    }
    return isValid ? { kind: 'env', values } : undefined
  }
  if (database === undefined) return undefined
  if (database.dialect === 'sqlite') {
    const path = keysFile === undefined ? resolve(dataDir, 'keys.json') : resolve(keysFile)
    return { kind: 'file', path, generateIfMissing: true }
  }
  if (keysFile !== undefined) {
    const path = resolve(keysFile)
    if (!existsSync(path)) {
      fail('KEYS_FILE', `"${path}" does not exist (with PostgreSQL it is never generated)`)
      return undefined
    }
    return { kind: 'file', path, generateIfMissing: false }
  }
  fail(
    KEY_NAMES.join(', '),
    'required with PostgreSQL (every node must use the same keys): generate each with ' +
      '`openssl rand -base64 32`, or point KEYS_FILE to a keys file',
  )
  return undefined
}

/** The agent-download settings of a configuration that names none. */
export function agentDownloadsDefaults(dataDir: string): AgentDownloadsConfig {
  return {
    buildsDir: DEFAULT_AGENT_BUILDS_DIR,
    signingKey: { path: join(dataDir, 'agent-signing-key.pem'), generateIfMissing: true },
    authenticode: null,
  }
}

function parseAgentDownloads(
  get: (name: string) => string | undefined,
  dataDir: string,
  fail: Fail,
  warnings: string[],
): AgentDownloadsConfig {
  const defaults = agentDownloadsDefaults(dataDir)
  const buildsText = get('AGENT_BUILDS_DIR')
  const buildsDir = buildsText === undefined ? defaults.buildsDir : resolve(buildsText)
  if (existsSync(buildsDir) && !statSync(buildsDir).isDirectory()) {
    fail('AGENT_BUILDS_DIR', `"${buildsDir}" exists and is not a folder`)
  } else if (buildsText !== undefined && !existsSync(buildsDir)) {
    // Builds may come after the start; downloads answer 503 until they do.
    warnings.push(
      `AGENT_BUILDS_DIR ${buildsDir} does not exist yet: no agent downloads until it does`,
    )
  }

  const keyText = get('AGENT_SIGNING_KEY')
  let signingKey = defaults.signingKey
  if (keyText !== undefined) {
    const path = readableFile('AGENT_SIGNING_KEY', keyText, fail)
    signingKey = { path, generateIfMissing: false }
    if (existsSync(path) && keyTypeOf(path) !== 'ed25519') {
      fail('AGENT_SIGNING_KEY', `"${path}" must hold an unencrypted Ed25519 private key in PEM`)
    }
  }

  const cert = get('AUTHENTICODE_CERT')
  const key = get('AUTHENTICODE_KEY')
  if (cert === undefined && key === undefined) return { buildsDir, signingKey, authenticode: null }
  if (cert === undefined || key === undefined) {
    fail(
      cert === undefined ? 'AUTHENTICODE_CERT' : 'AUTHENTICODE_KEY',
      'AUTHENTICODE_CERT and AUTHENTICODE_KEY go together: set both, or neither to serve the Windows agent unsigned',
    )
    return { buildsDir, signingKey, authenticode: null }
  }
  const certFile = readableFile('AUTHENTICODE_CERT', cert, fail)
  const keyFile = readableFile('AUTHENTICODE_KEY', key, fail)
  checkAuthenticodePair(certFile, keyFile, fail)
  if (!isOnPath('osslsigncode')) {
    fail(
      'AUTHENTICODE_CERT',
      'signing the Windows agent needs osslsigncode, which is not on PATH (Debian: apt-get install osslsigncode)',
    )
  }
  return { buildsDir, signingKey, authenticode: { certFile, keyFile } }
}

function keyTypeOf(path: string): string | undefined {
  try {
    return createPrivateKey(readFileSync(path)).asymmetricKeyType
  } catch {
    return undefined
  }
}

function checkAuthenticodePair(certFile: string, keyFile: string, fail: Fail): void {
  let certificate: X509Certificate
  try {
    certificate = new X509Certificate(readFileSync(certFile))
  } catch {
    fail('AUTHENTICODE_CERT', `"${certFile}" does not hold a PEM certificate`)
    return
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(readFileSync(keyFile)))) {
      fail('AUTHENTICODE_KEY', `"${keyFile}" is not the key of AUTHENTICODE_CERT`)
    }
  } catch {
    fail('AUTHENTICODE_KEY', `"${keyFile}" does not hold an unencrypted PEM private key`)
  }
}

function isOnPath(command: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}
