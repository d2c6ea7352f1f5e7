/**
 * Runs a store test suite once on SQLite and once on PostgreSQL (DESIGN.md "Testing"):
 * every feature's store tests are written once and must pass on both.
 * PostgreSQL is the real server at 127.0.0.1:5432 (override with TEST_POSTGRES_URL); each
 * suite gets a schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'

import { type DatabaseLocation, type Dialect, openStore, type Store } from './db.js'
import { migrateToLatest } from './migrate.js'

export const TEST_POSTGRES_URL =
  process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface StoreFixture {
  readonly dialect: Dialect
  /** The open, migrated store; valid inside tests of the suite. */
  store(): Store
  /** Where the data lives: the SQLite file path or the PostgreSQL schema name. */
  readonly location: () => DatabaseLocation & { readonly schema?: string }
}

/** A fresh, migrated database of the given dialect; call `drop()` when done. */
export async function createTestDatabase(dialect: Dialect): Promise<{
  store: Store
  location: DatabaseLocation & { schema?: string }
  drop: () => Promise<void>
}> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tasuke-store-'))
    const location = { dialect, path: join(dir, 'tasuke.sqlite') } as const
    const store = openStore(location)
    await migrateToLatest(store.db)
    return {
      store,
      location,
      drop: async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const url = withSearchPath(TEST_POSTGRES_URL, schema)
  const location = { dialect, url, schema } as const
  const store = openStore(location)
  await migrateToLatest(store.db)
  return {
    store,
    location,
    drop: async () => {
      await store.close()
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL })
      await cleanup.connect()
      await cleanup.query(`drop schema ${schema} cascade`)
      await cleanup.end()
    },
  }
}

/** A PostgreSQL URL whose connections use `schema` as their search path. */
export function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url)
  parsed.searchParams.set('options', `-c search_path=${schema}`)
  return parsed.toString()
}

/** `describe` the suite on both dialects; `suite` registers tests using the fixture. */
export function describeEachStore(name: string, suite: (fixture: StoreFixture) => void): void {
  for (const dialect of ['sqlite', 'postgres'] as const) {
    describe(`${name} [${dialect}]`, () => {
      let current: Awaited<ReturnType<typeof createTestDatabase>> | undefined
      beforeAll(async () => {
        current = await createTestDatabase(dialect)
      })
      afterAll(async () => {
        await current?.drop()
      })
      suite({
        dialect,
        store: () => {
          if (current === undefined) throw new Error('store used outside a test')
          return current.store
        },
        location: () => {
          if (current === undefined) throw new Error('store used outside a test')
          return current.location
        },
      })
    })
  }
}
