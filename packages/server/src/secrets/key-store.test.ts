import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { KeyStoreError, loadDataKeys, parseKeysFile, serialiseKeysFile } from './key-store.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tasuke-keys-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

const key = () => randomBytes(32)

describe('keys file', () => {
  it('is generated once with mode 0600, then read back unchanged', () => {
    const path = join(dir, 'nested', 'keys.json')
    const first = loadDataKeys({ kind: 'file', path, generateIfMissing: true })
    expect(first.generated).toBe(true)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(dir, 'nested'))).toEqual(['keys.json'])

    const second = loadDataKeys({ kind: 'file', path, generateIfMissing: true })
    expect(second.generated).toBe(false)
    expect(second.keys).toEqual(first.keys)
    const names = ['email', 'emailIndex', 'chat', 'totp'] as const
    for (const name of names) expect(first.keys[name]).toHaveLength(32)
    expect(new Set(names.map((n) => Buffer.from(first.keys[n]).toString('hex'))).size).toBe(4)

    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    expect(Object.keys(stored).sort()).toEqual(['chat', 'email', 'emailIndex', 'totp', 'version'])
    expect(stored['version']).toBe(1)
  })

  it('is not generated when generating is off, and the error says to restore it', () => {
    const path = join(dir, 'absent.json')
    expect(() => loadDataKeys({ kind: 'file', path, generateIfMissing: false })).toThrow(
      new KeyStoreError(
        `keys file ${path} does not exist: restore it from your backup (without it stored e-mail addresses and chats cannot be read)`,
      ),
    )
  })

  it('round-trips through its format', () => {
    const keys = { email: key(), emailIndex: key(), chat: key(), totp: key() }
    expect(parseKeysFile(serialiseKeysFile(keys), 'k.json')).toEqual(keys)
  })

  it.each([
    ['not json', 'keys file k.json is not valid JSON'],
    ['[]', 'keys file k.json must hold a JSON object'],
    ['{"version":2}', 'keys file k.json: "version" must be 1'],
  ])('refuses %s', (text, message) => {
    expect(() => parseKeysFile(text, 'k.json')).toThrow(new KeyStoreError(message))
  })

  it('refuses a missing, short or non-text key, and two equal keys', () => {
    const good = { email: key(), emailIndex: key(), chat: key(), totp: key() }
    const file = JSON.parse(serialiseKeysFile(good)) as Record<string, unknown>
    const variant = (change: Record<string, unknown>) => JSON.stringify({ ...file, ...change })
    expect(() => parseKeysFile(variant({ chat: undefined }), 'k.json')).toThrow(
      'keys file k.json: "chat" must be 32 bytes in base64',
    )
    expect(() =>
      parseKeysFile(variant({ totp: randomBytes(16).toString('base64') }), 'k.json'),
    ).toThrow('"totp" must be 32 bytes in base64')
    expect(() => parseKeysFile(variant({ email: 42 }), 'k.json')).toThrow(
      '"email" must be 32 bytes in base64',
    )
    expect(() => parseKeysFile(variant({ chat: file['email'] }), 'k.json')).toThrow(
      'keys file k.json: every key must be different (each purpose has its own)',
    )
  })

  it('reports an unreadable path clearly', () => {
    writeFileSync(join(dir, 'plain'), 'x')
    expect(() =>
      loadDataKeys({
        kind: 'file',
        path: join(dir, 'plain', 'keys.json'),
        generateIfMissing: true,
      }),
    ).toThrow(/^cannot (read|write) keys file/)
  })
})

describe('keys from variables', () => {
  it('decodes base64 and hex', () => {
    const bytes = { email: key(), emailIndex: key(), chat: key(), totp: key() }
    const { keys, generated } = loadDataKeys({
      kind: 'env',
      values: {
        EMAIL_ENCRYPTION_KEY: bytes.email.toString('base64'),
        EMAIL_INDEX_KEY: bytes.emailIndex.toString('hex'),
        CHAT_ENCRYPTION_KEY: bytes.chat.toString('base64url'),
        TOTP_ENCRYPTION_KEY: bytes.totp.toString('base64').replace(/=$/, ''),
      },
    })
    expect(generated).toBe(false)
    expect(keys).toEqual(bytes)
  })

  it('refuses a missing key with the variable name', () => {
    expect(() =>
      loadDataKeys({ kind: 'env', values: { EMAIL_ENCRYPTION_KEY: key().toString('base64') } }),
    ).toThrow(/^EMAIL_INDEX_KEY: must be 32 random bytes/)
  })
})
