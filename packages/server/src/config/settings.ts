/** The command line: the table of settings (each a variable and a flag), --help, and flags. */
import { KEY_NAMES } from './keys.js'
import { MAX_SESSION_CODE_MINUTES } from './limits.js'
import { LOG_LEVELS } from './log-level.js'
import { DEFAULT_PORT } from './network.js'

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
  DEVICE_ONLINE_SECONDS:
    'an installed agent counts as online this long after its last heartbeat, 1-3600 (default 90)',
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
export type Setting = keyof typeof SETTINGS

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

/** The flags given, by variable name; a problem for each unknown or incomplete one. */
export function parseFlags(argv: readonly string[], problems: string[]): Map<string, string> {
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
