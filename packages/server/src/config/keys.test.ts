import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { allKeys, base64Key, useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

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
    expect(problems({ ...allKeys(), KEYS_FILE: join(fixture.dir, 'k.json') })).toEqual([
      'KEYS_FILE: set either KEYS_FILE or the EMAIL_ENCRYPTION_KEY, EMAIL_INDEX_KEY, CHAT_ENCRYPTION_KEY, TOTP_ENCRYPTION_KEY variables, not both',
    ])
  })

  it('with SQLite: KEYS_FILE names the file, generated if missing', () => {
    expect(load({ KEYS_FILE: join(fixture.dir, 'elsewhere.json') }).keys).toEqual({
      kind: 'file',
      path: join(fixture.dir, 'elsewhere.json'),
      generateIfMissing: true,
    })
  })

  it('with PostgreSQL: required, and explained', () => {
    expect(problems({ DATABASE_URL: 'postgres://db/tasuke' })).toEqual([
      'EMAIL_ENCRYPTION_KEY, EMAIL_INDEX_KEY, CHAT_ENCRYPTION_KEY, TOTP_ENCRYPTION_KEY: required with PostgreSQL (every node must use the same keys): generate each with `openssl rand -base64 32`, or point KEYS_FILE to a keys file',
    ])
  })

  it('with PostgreSQL: an existing KEYS_FILE is used and never generated', () => {
    const file = join(fixture.dir, 'pg-keys.json')
    writeFileSync(file, '{}')
    expect(load({ DATABASE_URL: 'postgres://db/tasuke', KEYS_FILE: file }).keys).toEqual({
      kind: 'file',
      path: file,
      generateIfMissing: false,
    })
    const missing = join(fixture.dir, 'none.json')
    expect(problems({ DATABASE_URL: 'postgres://db/tasuke', KEYS_FILE: missing })).toEqual([
      `KEYS_FILE: "${missing}" does not exist (with PostgreSQL it is never generated)`,
    ])
  })
})
