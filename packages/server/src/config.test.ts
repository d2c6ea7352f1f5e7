import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ConfigError, loadConfig, type LoadedConfig, usage, wantsHelp } from './config.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tasuke-config-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

type Env = Record<string, string | undefined>

function load(env: Env = {}, argv: string[] = []): LoadedConfig {
  return loadConfig({ DATA_DIR: dir, ...env }, argv)
}

/** The list of problems a bad configuration reports. */
function problems(env: Env, argv: string[] = []): string[] {
  try {
    load(env, argv)
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems]
    throw error
  }
  throw new Error('expected a ConfigError')
}

const base64Key = () => randomBytes(32).toString('base64')
const allKeys = (): Env => ({
  EMAIL_ENCRYPTION_KEY: base64Key(),
  EMAIL_INDEX_KEY: randomBytes(32).toString('hex'),
  CHAT_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
  TOTP_ENCRYPTION_KEY: base64Key(),
})

describe('defaults (the embedded start)', () => {
  it('listens on 0.0.0.0:8443 with SQLite, a keys file and a self-signed certificate', () => {
    const config = load()
    expect(config.port).toBe(8443)
    expect(config.host).toBe('0.0.0.0')
    expect(config.publicUrl.origin).toBe('https://localhost:8443')
    expect(config.dataDir).toBe(dir)
    expect(config.database).toEqual({ dialect: 'sqlite', path: join(dir, 'tasuke.sqlite') })
    expect(config.keys).toEqual({
      kind: 'file',
      path: join(dir, 'keys.json'),
      generateIfMissing: true,
    })
    expect(config.tls).toEqual({ kind: 'self-signed' })
    expect(config.redisUrl).toBeNull()
    expect(config.smtpUrl).toBeNull()
    expect(config.mailFrom).toBe('tasuke <noreply@localhost>')
    expect(config.trustedProxies).toEqual([])
    expect(config.logLevel).toBe('info')
    expect(config.sessionCodeDefaultMinutes).toBe(30)
    expect(config.sessionCodeMinMinutes).toBe(5)
    expect(config.sessionCodeMaxMinutes).toBe(1440)
    expect(config.defaultRetentionDays).toBe(180)
    expect(config.purgeIntervalMinutes).toBe(60)
    expect(config.warnings).toEqual([])
  })

  it('defaults DATA_DIR to ./data', () => {
    const config = loadConfig({}, [])
    expect(config.dataDir).toBe(resolve('data'))
    expect(config.database).toEqual({ dialect: 'sqlite', path: resolve('data', 'tasuke.sqlite') })
  })

  it('treats empty variables as unset', () => {
    expect(load({ PORT: '', SMTP_URL: '  ' }).port).toBe(8443)
  })
})

describe('flags', () => {
  it('accept --name value and --name=value, and win over the environment', () => {
    const config = load({ PORT: '9000', HOST: '127.0.0.1' }, [
      '--port',
      '9443',
      '--public-url=https://support.example.com',
    ])
    expect(config.port).toBe(9443)
    expect(config.host).toBe('127.0.0.1')
    expect(config.publicUrl.origin).toBe('https://support.example.com')
  })

  it('exist for every setting in kebab case', () => {
    const config = load({}, [
      '--host=::',
      '--log-level=debug',
      '--session-code-default-minutes=60',
      '--default-retention-days=30',
      '--purge-interval-minutes=15',
      '--trusted-proxies=10.0.0.1',
      '--mail-from=help@example.com',
    ])
    expect(config.host).toBe('::')
    expect(config.logLevel).toBe('debug')
    expect(config.sessionCodeDefaultMinutes).toBe(60)
    expect(config.defaultRetentionDays).toBe(30)
    expect(config.purgeIntervalMinutes).toBe(15)
    expect(config.trustedProxies).toEqual(['10.0.0.1'])
    expect(config.mailFrom).toBe('help@example.com')
  })

  it('refuse unknown flags, other spellings, stray arguments and missing values', () => {
    expect(problems({}, ['--prot', '1'])).toEqual(['--prot: unknown flag (see --help)'])
    expect(problems({}, ['--PORT=1'])).toEqual(['--PORT: unknown flag (see --help)'])
    expect(problems({}, ['--public_url=https://x.example'])).toEqual([
      '--public_url: unknown flag (see --help)',
    ])
    expect(problems({}, ['8443'])).toEqual([
      'unexpected argument "8443" (flags look like --port 8443; see --help)',
    ])
    expect(problems({}, ['--port'])).toEqual(['--port: needs a value'])
    expect(problems({}, ['--port', '--host', '::'])).toEqual(['--port: needs a value'])
  })

  it('never take data-encryption keys (they would show in the process list)', () => {
    expect(problems({}, [`--email-encryption-key=${base64Key()}`])).toEqual([
      '--email-encryption-key: unknown flag (see --help)',
    ])
  })

  it('--help is recognised and usage lists every flag and variable', () => {
    expect(wantsHelp(['--help'])).toBe(true)
    expect(wantsHelp(['-h'])).toBe(true)
    expect(wantsHelp(['--port', '1'])).toBe(false)
    const text = usage()
    for (const name of ['PUBLIC_URL', 'DATABASE_URL', 'KEYS_FILE', 'EMAIL_ENCRYPTION_KEY']) {
      expect(text).toContain(name)
    }
    expect(text).toContain('--public-url')
    expect(text).toContain('--session-code-max-minutes')
    expect(text).toContain('openssl rand -base64 32')
  })
})

describe('every problem at once', () => {
  it('lists each bad value on its own line', () => {
    const error = (() => {
      try {
        load({ PORT: 'abc', DATABASE_URL: 'mysql://root:hunter2@db/x', LOG_LEVEL: 'loud' })
      } catch (caught) {
        return caught as ConfigError
      }
      throw new Error('expected a ConfigError')
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect(error.message.split('\n')).toEqual([
      'PORT: must be an integer from 1 to 65535, got "abc"',
      'DATABASE_URL: must be a SQLite file (a path, sqlite:<path> or file:<path>) or a postgres:// URL, got "mysql://***@db/x"',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ])
    expect(error.message).not.toContain('hunter2')
  })
})

describe('PORT', () => {
  it.each([
    ['1', 1],
    ['443', 443],
    ['65535', 65535],
  ])('accepts %s', (value, port) => {
    expect(load({ PORT: value }).port).toBe(port)
  })

  it.each(['0', '65536', '-1', '8443.5', 'abc', '1e3', '0x50'])('refuses %s', (value) => {
    expect(problems({ PORT: value })).toEqual([
      `PORT: must be an integer from 1 to 65535, got "${value}"`,
    ])
  })

  it('is part of the default PUBLIC_URL (omitted for 443)', () => {
    expect(load({ PORT: '9443' }).publicUrl.origin).toBe('https://localhost:9443')
    expect(load({ PORT: '443' }).publicUrl.origin).toBe('https://localhost')
  })
})

describe('PUBLIC_URL', () => {
  it('accepts https URLs with or without a port and a trailing slash', () => {
    expect(load({ PUBLIC_URL: 'https://support.example.com/' }).publicUrl.origin).toBe(
      'https://support.example.com',
    )
    expect(load({ PUBLIC_URL: 'https://support.example.com:8443' }).publicUrl.port).toBe('8443')
  })

  it('allows http only for localhost and 127.0.0.1, with a warning', () => {
    const local = load({ PUBLIC_URL: 'http://localhost:8080' })
    expect(local.publicUrl.protocol).toBe('http:')
    expect(local.warnings).toEqual([
      'PUBLIC_URL http://localhost:8080 is plain http: use it only for local development',
    ])
    expect(load({ PUBLIC_URL: 'http://127.0.0.1:8080' }).warnings).toHaveLength(1)
  })

  it('refuses http elsewhere, other schemes, paths, queries and non-URLs', () => {
    expect(problems({ PUBLIC_URL: 'http://support.example.com' })).toEqual([
      'PUBLIC_URL: must start with https:// (http:// only for localhost or 127.0.0.1), got "http://support.example.com"',
    ])
    expect(problems({ PUBLIC_URL: 'ftp://support.example.com' })).toHaveLength(1)
    expect(problems({ PUBLIC_URL: 'https://example.com/support' })).toEqual([
      'PUBLIC_URL: must be only scheme, host and optional port (no path, query or user), got "https://example.com/support"',
    ])
    expect(problems({ PUBLIC_URL: 'https://example.com/?a=1' })).toHaveLength(1)
    expect(problems({ PUBLIC_URL: 'https://user@example.com' })).toHaveLength(1)
    expect(problems({ PUBLIC_URL: 'support.example.com' })).toEqual([
      'PUBLIC_URL: must be a URL such as https://support.example.com, got "support.example.com"',
    ])
  })

  it('names the default sender', () => {
    expect(load({ PUBLIC_URL: 'https://support.example.com' }).mailFrom).toBe(
      'tasuke <noreply@support.example.com>',
    )
  })
})

describe('HOST', () => {
  it.each(['0.0.0.0', '127.0.0.1', '::', '::1', 'localhost', 'node-1.internal'])(
    'accepts %s',
    (host) => {
      expect(load({ HOST: host }).host).toBe(host)
    },
  )

  it.each(['300.1.1.1', 'bad host', 'a_b', '-x.example'])('refuses %s', (host) => {
    expect(problems({ HOST: host })).toEqual([
      `HOST: must be an IP address or a host name such as 0.0.0.0 or ::, got "${host}"`,
    ])
  })
})

describe('DATA_DIR', () => {
  it('is resolved to an absolute path and need not exist yet', () => {
    const config = load({ DATA_DIR: join(dir, 'later') })
    expect(config.dataDir).toBe(join(dir, 'later'))
    expect(config.keys).toMatchObject({ path: join(dir, 'later', 'keys.json') })
  })

  it('refuses a file', () => {
    const file = join(dir, 'a-file')
    writeFileSync(file, 'x')
    expect(problems({ DATA_DIR: file })).toEqual([`DATA_DIR: "${file}" exists and is not a folder`])
  })
})

describe('DATABASE_URL', () => {
  it.each([
    ['sqlite:/var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['sqlite:///var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['file:/var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['file:///var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['/var/lib/tasuke/db.sqlite', '/var/lib/tasuke/db.sqlite'],
    ['relative/db.sqlite', resolve('relative/db.sqlite')],
    ['sqlite:relative/db.sqlite', resolve('relative/db.sqlite')],
  ])('%s is a SQLite file at %s', (url, path) => {
    expect(load({ DATABASE_URL: url }).database).toEqual({ dialect: 'sqlite', path })
  })

  it.each(['postgres://tasuke:pw@db:5432/tasuke', 'postgresql://db/tasuke?sslmode=require'])(
    '%s is PostgreSQL',
    (url) => {
      const config = load({ DATABASE_URL: url, ...allKeys() })
      expect(config.database).toEqual({ dialect: 'postgres', url })
    },
  )

  it('refuses other schemes without showing the password', () => {
    expect(problems({ DATABASE_URL: 'mysql://root:secret@db/tasuke' })).toEqual([
      'DATABASE_URL: must be a SQLite file (a path, sqlite:<path> or file:<path>) or a postgres:// URL, got "mysql://***@db/tasuke"',
    ])
  })

  it('refuses an empty SQLite path and a PostgreSQL URL without a host', () => {
    expect(problems({ DATABASE_URL: 'sqlite:' })).toEqual([
      'DATABASE_URL: must be a SQLite file (a path, sqlite:<path> or file:<path>) or a postgres:// URL; the path is empty',
    ])
    expect(problems({ DATABASE_URL: 'postgres://', ...allKeys() })).toEqual([
      'DATABASE_URL: must be a PostgreSQL URL such as postgres://user:password@host:5432/tasuke, got "postgres://"',
    ])
  })
})

describe('REDIS_URL and SMTP_URL', () => {
  it('accept their schemes', () => {
    expect(load({ REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379')
    expect(load({ REDIS_URL: 'rediss://:pw@cache' }).redisUrl).toBe('rediss://:pw@cache')
    expect(load({ SMTP_URL: 'smtp://mail:587' }).smtpUrl).toBe('smtp://mail:587')
    expect(load({ SMTP_URL: 'smtps://u:p@mail' }).smtpUrl).toBe('smtps://u:p@mail')
  })

  it('refuse other schemes and non-URLs without showing credentials', () => {
    expect(problems({ REDIS_URL: 'http://user:pw@cache' })).toEqual([
      'REDIS_URL: must be a redis:// or rediss:// URL with a host, got "http://***@cache"',
    ])
    expect(problems({ SMTP_URL: 'mail.example.com' })).toEqual([
      'SMTP_URL: must be a smtp:// or smtps:// URL with a host, got "mail.example.com"',
    ])
  })
})

describe('MAIL_FROM', () => {
  it.each(['help@example.com', 'Example Support <help@example.com>'])('accepts %s', (from) => {
    expect(load({ MAIL_FROM: from }).mailFrom).toBe(from)
  })

  it.each(['help', 'Support <help>', 'a@b@c'])('refuses %s', (from) => {
    expect(problems({ MAIL_FROM: from })).toEqual([
      `MAIL_FROM: must be an address or "Name <address>", got "${from}"`,
    ])
  })
})

describe('TLS_CERT_FILE and TLS_KEY_FILE', () => {
  it('take both readable files', () => {
    const cert = join(dir, 'cert.pem')
    const key = join(dir, 'key.pem')
    writeFileSync(cert, 'c')
    writeFileSync(key, 'k')
    expect(load({ TLS_CERT_FILE: cert, TLS_KEY_FILE: key }).tls).toEqual({
      kind: 'files',
      certFile: cert,
      keyFile: key,
    })
  })

  it('refuse one without the other', () => {
    expect(problems({ TLS_CERT_FILE: join(dir, 'cert.pem') })).toEqual([
      'TLS_KEY_FILE: TLS_CERT_FILE and TLS_KEY_FILE go together: set both, or neither for a self-signed certificate',
    ])
  })

  it('refuse files that are missing, unreadable or folders', () => {
    const missing = join(dir, 'missing.pem')
    const folder = dir
    expect(problems({ TLS_CERT_FILE: missing, TLS_KEY_FILE: folder })).toEqual([
      `TLS_CERT_FILE: cannot read "${missing}" (missing, or no permission)`,
      `TLS_KEY_FILE: "${folder}" is not a file`,
    ])
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.pem')
      writeFileSync(locked, 'k')
      chmodSync(locked, 0o000)
      expect(problems({ TLS_CERT_FILE: locked, TLS_KEY_FILE: locked })).toHaveLength(2)
    }
  })
})

describe('TRUSTED_PROXIES', () => {
  it('accepts addresses, CIDR ranges and proxy-addr names', () => {
    expect(
      load({ TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback' }).trustedProxies,
    ).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8', 'loopback'])
  })

  it.each(['10.0.0', '10.0.0.0/33', 'proxy.example', '::1/129'])('refuses %s', (entry) => {
    expect(problems({ TRUSTED_PROXIES: `10.0.0.1,${entry}` })).toEqual([
      `TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range such as 10.0.0.0/8`,
    ])
  })
})

describe('LOG_LEVEL', () => {
  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'DEBUG'])(
    'accepts %s',
    (level) => {
      expect(load({ LOG_LEVEL: level }).logLevel).toBe(level.toLowerCase())
    },
  )
  it('refuses others', () => {
    expect(problems({ LOG_LEVEL: 'verbose' })).toHaveLength(1)
  })
})

describe('session-number expiry', () => {
  it('accepts min ≤ default ≤ max up to a week', () => {
    const config = load({
      SESSION_CODE_MIN_MINUTES: '1',
      SESSION_CODE_DEFAULT_MINUTES: '10080',
      SESSION_CODE_MAX_MINUTES: '10080',
    })
    expect(config.sessionCodeMinMinutes).toBe(1)
    expect(config.sessionCodeDefaultMinutes).toBe(10080)
    expect(config.sessionCodeMaxMinutes).toBe(10080)
  })

  it('refuses values out of range or not integers', () => {
    expect(problems({ SESSION_CODE_MAX_MINUTES: '10081' })).toEqual([
      'SESSION_CODE_MAX_MINUTES: must be an integer from 1 to 10080, got "10081"',
    ])
    expect(problems({ SESSION_CODE_MIN_MINUTES: '0' })).toEqual([
      'SESSION_CODE_MIN_MINUTES: must be an integer from 1 to 10080, got "0"',
    ])
    expect(problems({ SESSION_CODE_DEFAULT_MINUTES: 'half an hour' })).toEqual([
      'SESSION_CODE_DEFAULT_MINUTES: must be an integer from 1 to 10080, got "half an hour"',
    ])
  })

  it('refuses a default outside the bounds and a minimum above the maximum', () => {
    expect(problems({ SESSION_CODE_DEFAULT_MINUTES: '2' })).toEqual([
      'SESSION_CODE_DEFAULT_MINUTES: must be from SESSION_CODE_MIN_MINUTES (5) to SESSION_CODE_MAX_MINUTES (1440), got 2',
    ])
    expect(problems({ SESSION_CODE_MIN_MINUTES: '60', SESSION_CODE_MAX_MINUTES: '30' })).toEqual([
      'SESSION_CODE_MIN_MINUTES: must not be more than SESSION_CODE_MAX_MINUTES (30), got 60',
    ])
  })
})

describe('DEFAULT_RETENTION_DAYS and PURGE_INTERVAL_MINUTES', () => {
  it('accept their ranges', () => {
    expect(load({ DEFAULT_RETENTION_DAYS: '1' }).defaultRetentionDays).toBe(1)
    expect(load({ DEFAULT_RETENTION_DAYS: '3650' }).defaultRetentionDays).toBe(3650)
    expect(load({ PURGE_INTERVAL_MINUTES: '1440' }).purgeIntervalMinutes).toBe(1440)
  })

  it('refuse values outside them', () => {
    expect(problems({ DEFAULT_RETENTION_DAYS: '0', PURGE_INTERVAL_MINUTES: '1441' })).toEqual([
      'DEFAULT_RETENTION_DAYS: must be an integer from 1 to 3650, got "0"',
      'PURGE_INTERVAL_MINUTES: must be an integer from 1 to 1440, got "1441"',
    ])
    expect(problems({ DEFAULT_RETENTION_DAYS: '3651' })).toHaveLength(1)
  })
})

describe('data-encryption keys', () => {
  it('come from all four variables, base64 or hex', () => {
    const keys = allKeys()
    expect(load(keys).keys).toEqual({ kind: 'env', values: keys })
  })

  it('refuse some without the others', () => {
    const { EMAIL_ENCRYPTION_KEY } = allKeys()
    expect(problems({ EMAIL_ENCRYPTION_KEY })).toEqual([
      'EMAIL_INDEX_KEY, CHAT_ENCRYPTION_KEY, TOTP_ENCRYPTION_KEY: set all four data-encryption keys or none (EMAIL_ENCRYPTION_KEY is set)',
    ])
  })

  it('refuse keys that are not 32 bytes, without repeating them', () => {
    const short = randomBytes(16).toString('base64')
    const list = problems({ ...allKeys(), CHAT_ENCRYPTION_KEY: short, TOTP_ENCRYPTION_KEY: 'x' })
    expect(list).toEqual([
      'CHAT_ENCRYPTION_KEY: must be 32 random bytes written as base64 (44 characters) or as 64 hex digits; generate one with `openssl rand -base64 32`',
      'TOTP_ENCRYPTION_KEY: must be 32 random bytes written as base64 (44 characters) or as 64 hex digits; generate one with `openssl rand -base64 32`',
    ])
    expect(list.join('\n')).not.toContain(short)
  })

  it('refuse the same key for two purposes', () => {
    const key = base64Key()
    expect(problems({ ...allKeys(), CHAT_ENCRYPTION_KEY: key, TOTP_ENCRYPTION_KEY: key })).toEqual([
      'TOTP_ENCRYPTION_KEY: must differ from CHAT_ENCRYPTION_KEY: every purpose has a key of its own',
    ])
  })

  it('refuse KEYS_FILE together with the variables', () => {
    expect(problems({ ...allKeys(), KEYS_FILE: join(dir, 'k.json') })).toEqual([
      'KEYS_FILE: set either KEYS_FILE or the EMAIL_ENCRYPTION_KEY, EMAIL_INDEX_KEY, CHAT_ENCRYPTION_KEY, TOTP_ENCRYPTION_KEY variables, not both',
    ])
  })

  it('with SQLite: KEYS_FILE names the file, generated if missing', () => {
    expect(load({ KEYS_FILE: join(dir, 'elsewhere.json') }).keys).toEqual({
      kind: 'file',
      path: join(dir, 'elsewhere.json'),
      generateIfMissing: true,
    })
  })

  it('with PostgreSQL: required, and explained', () => {
    expect(problems({ DATABASE_URL: 'postgres://db/tasuke' })).toEqual([
      'EMAIL_ENCRYPTION_KEY, EMAIL_INDEX_KEY, CHAT_ENCRYPTION_KEY, TOTP_ENCRYPTION_KEY: required with PostgreSQL (every node must use the same keys): generate each with `openssl rand -base64 32`, or point KEYS_FILE to a keys file',
    ])
  })

  it('with PostgreSQL: an existing KEYS_FILE is used and never generated', () => {
    const file = join(dir, 'pg-keys.json')
    writeFileSync(file, '{}')
    expect(load({ DATABASE_URL: 'postgres://db/tasuke', KEYS_FILE: file }).keys).toEqual({
      kind: 'file',
      path: file,
      generateIfMissing: false,
    })
    const missing = join(dir, 'none.json')
    expect(problems({ DATABASE_URL: 'postgres://db/tasuke', KEYS_FILE: missing })).toEqual([
      `KEYS_FILE: "${missing}" does not exist (with PostgreSQL it is never generated)`,
    ])
  })
})

describe('agent downloads', () => {
  it('defaults to the agent build output and a signing key made in DATA_DIR', () => {
    const config = load()
    expect(config.agentDownloads).toEqual({
      buildsDir: resolve(fileURLToPath(new URL('../../agent/dist/executables', import.meta.url))),
      signingKey: { path: join(dir, 'agent-signing-key.pem'), generateIfMissing: true },
      authenticode: null,
    })
  })

  it('takes a builds folder, an Ed25519 key and an Authenticode pair', () => {
    const keyFile = join(dir, 'signing.pem')
    writeFileSync(
      keyFile,
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    )
    const config = load({ AGENT_BUILDS_DIR: dir, AGENT_SIGNING_KEY: keyFile })
    expect(config.agentDownloads).toMatchObject({
      buildsDir: dir,
      signingKey: { path: keyFile, generateIfMissing: false },
    })
    const missing = load({ AGENT_BUILDS_DIR: join(dir, 'later') })
    expect(missing.warnings.join('\n')).toContain('does not exist yet')
  })

  it('refuses a key that is not Ed25519, a lone Authenticode half and unreadable files', () => {
    const rsa = join(dir, 'rsa.pem')
    writeFileSync(
      rsa,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }),
    )
    expect(problems({ AGENT_SIGNING_KEY: rsa })).toEqual([
      `AGENT_SIGNING_KEY: "${rsa}" must hold an unencrypted Ed25519 private key in PEM`,
    ])
    expect(problems({ AUTHENTICODE_CERT: rsa })[0]).toMatch(/^AUTHENTICODE_KEY: .*go together/)
    expect(problems({ AUTHENTICODE_CERT: rsa, AUTHENTICODE_KEY: rsa })).toContain(
      `AUTHENTICODE_CERT: "${rsa}" does not hold a PEM certificate`,
    )
    expect(problems({ AGENT_BUILDS_DIR: rsa })).toEqual([
      `AGENT_BUILDS_DIR: "${rsa}" exists and is not a folder`,
    ])
    expect(problems({ AGENT_SIGNING_KEY: join(dir, 'nope.pem') })[0]).toMatch(/cannot read/)
  })
})
