/** The data-encryption keys: four environment variables, or a keys file. */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

import { decodeKeyText, KEY_TEXT_HINT } from '../secrets/key-text.js'
import type { DatabaseLocation } from '../store/db.js'
import type { Fail, Get } from './parse-helpers.js'

export type KeySource =
  /** Keys from environment variables (base64 or hex, 32 bytes each), keyed by variable name. */
  | { readonly kind: 'env'; readonly values: Readonly<Record<string, string>> }
  /** Keys from a JSON file (KEYS_FILE), generated there for the embedded default. */
  | { readonly kind: 'file'; readonly path: string; readonly generateIfMissing: boolean }

/** The four data-encryption keys given as variables → their name in DataKeys. */
export const KEY_VARIABLES = {
  EMAIL_ENCRYPTION_KEY: 'email',
  EMAIL_INDEX_KEY: 'emailIndex',
  CHAT_ENCRYPTION_KEY: 'chat',
  TOTP_ENCRYPTION_KEY: 'totp',
} as const
export const KEY_NAMES = Object.keys(KEY_VARIABLES) as (keyof typeof KEY_VARIABLES)[]

export function parseKeys(
  get: Get,
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
