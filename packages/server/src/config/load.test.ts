import { join, resolve } from 'node:path'

import { describe, expect, it } from 'vitest'

import { loadConfig } from './load.js'
import { ConfigError } from './parse-helpers.js'
import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load } = fixture

describe('defaults (the embedded start)', () => {
  it('listens on 0.0.0.0:8443 with SQLite, a keys file and a self-signed certificate', () => {
    const config = load()
    expect(config.port).toBe(8443)
    expect(config.host).toBe('0.0.0.0')
    expect(config.publicUrl.origin).toBe('https://localhost:8443')
    expect(config.dataDir).toBe(fixture.dir)
    expect(config.database).toEqual({ dialect: 'sqlite', path: join(fixture.dir, 'tasuke.sqlite') })
    expect(config.keys).toEqual({
      kind: 'file',
      path: join(fixture.dir, 'keys.json'),
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
