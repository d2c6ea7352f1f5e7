/**
 * Loads the data-encryption keys from environment variables or from a keys file, and for the
 * embedded default generates that file on first start (mode 0600, written atomically).
 */
import { randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

import { KEY_VARIABLES, type KeySource } from '../config.js'
import { DATA_KEY_BYTES, DATA_KEY_NAMES, type DataKeys } from './data-keys.js'
import { decodeKeyText, KEY_TEXT_HINT } from './key-text.js'

export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError'
}

export interface LoadedDataKeys {
  readonly keys: DataKeys
  /** True when the keys file was created just now: main warns to back it up. */
  readonly generated: boolean
}

const FILE_VERSION = 1

export function loadDataKeys(source: KeySource): LoadedDataKeys {
  if (source.kind === 'env') return { keys: keysFromEnv(source.values), generated: false }
  const text = readKeysFile(source.path)
  if (text !== null) return { keys: parseKeysFile(text, source.path), generated: false }
  if (!source.generateIfMissing) {
    throw new KeyStoreError(
      `keys file ${source.path} does not exist: restore it from your backup ` +
        '(without it stored e-mail addresses and chats cannot be read)',
    )
  }
  return generateKeysFile(source.path)
}

function keysFromEnv(values: Readonly<Record<string, string>>): DataKeys {
  const keys: Partial<Record<keyof DataKeys, Uint8Array>> = {}
  for (const [variable, name] of Object.entries(KEY_VARIABLES)) {
    const bytes = decodeKeyText(values[variable] ?? '')
    if (bytes === null) throw new KeyStoreError(`${variable}: ${KEY_TEXT_HINT}`)
    keys[name] = bytes
  }
  return checkDistinct(keys as DataKeys, 'the key variables')
}

function readKeysFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new KeyStoreError(`cannot read keys file ${path}: ${(error as Error).message}`)
  }
}

/** Parses the JSON keys file; every problem names the file and what is expected. */
export function parseKeysFile(text: string, path: string): DataKeys {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new KeyStoreError(`keys file ${path} is not valid JSON`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KeyStoreError(`keys file ${path} must hold a JSON object`)
  }
  const record = parsed as Record<string, unknown>
  if (record['version'] !== FILE_VERSION) {
    throw new KeyStoreError(`keys file ${path}: "version" must be ${FILE_VERSION}`)
  }
  const keys: Partial<Record<keyof DataKeys, Uint8Array>> = {}
  for (const name of DATA_KEY_NAMES) {
    const value = record[name]
    const bytes = typeof value === 'string' ? decodeKeyText(value) : null
    if (bytes === null) {
      throw new KeyStoreError(
        `keys file ${path}: "${name}" must be ${DATA_KEY_BYTES} bytes in base64`,
      )
    }
    keys[name] = bytes
  }
  return checkDistinct(keys as DataKeys, `keys file ${path}`)
}

function checkDistinct(keys: DataKeys, where: string): DataKeys {
  const seen = new Set(DATA_KEY_NAMES.map((name) => Buffer.from(keys[name]).toString('hex')))
  if (seen.size !== DATA_KEY_NAMES.length) {
    throw new KeyStoreError(`${where}: every key must be different (each purpose has its own)`)
  }
  return keys
}

/** A fresh set of keys in the keys-file format. */
export function serialiseKeysFile(keys: DataKeys): string {
  const file: Record<string, string | number> = { version: FILE_VERSION }
  for (const name of DATA_KEY_NAMES) file[name] = Buffer.from(keys[name]).toString('base64')
  return `${JSON.stringify(file, null, 2)}\n`
}

function generateKeysFile(path: string): LoadedDataKeys {
  const keys: DataKeys = {
    email: randomBytes(DATA_KEY_BYTES),
    emailIndex: randomBytes(DATA_KEY_BYTES),
    chat: randomBytes(DATA_KEY_BYTES),
    totp: randomBytes(DATA_KEY_BYTES),
  }
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    writeFileSync(temporary, serialiseKeysFile(keys), { mode: 0o600, flag: 'wx' })
    // link() never replaces an existing file: if another process created the keys first,
    // theirs win and are the ones read back.
    linkSync(temporary, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new KeyStoreError(`cannot write keys file ${path}: ${(error as Error).message}`)
    }
    return { keys: parseKeysFile(readFileSync(path, 'utf8'), path), generated: false }
  } finally {
    try {
      unlinkSync(temporary)
    } catch {
      // nothing was written
    }
  }
  return { keys, generated: true }
}
