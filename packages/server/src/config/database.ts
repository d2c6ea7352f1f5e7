/** Where the data lives: DATA_DIR, and the SQLite file or PostgreSQL URL. */
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { DatabaseLocation } from '../store/db.js'
import { type Fail, hideCredentials } from './parse-helpers.js'

export function parseDataDir(value: string, fail: Fail): string {
  const path = resolve(value)
  if (existsSync(path) && !statSync(path).isDirectory()) {
    fail('DATA_DIR', `"${path}" exists and is not a folder`)
  }
  return path
}

export function parseDatabase(
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
