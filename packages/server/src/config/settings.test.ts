import { describe, expect, it } from 'vitest'

import { usage, wantsHelp } from './settings.js'
import { base64Key, useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

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
