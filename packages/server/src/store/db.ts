/**
 * Opens the database named by DATABASE_URL: a SQLite file (the embedded default) or
 * PostgreSQL (`postgres://…`). Everything above this module sees only `Kysely<Database>`.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'

import type { Database } from './schema.js'

export type Dialect = 'sqlite' | 'postgres'

export interface Store {
  readonly db: Kysely<Database>
  readonly dialect: Dialect
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>
  close(): Promise<void>
}

export type DatabaseLocation =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string }

export function openStore(location: DatabaseLocation): Store {
  return location.dialect === 'sqlite' ? openSqlite(location.path) : openPostgres(location.url)
}

function openSqlite(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SqliteDatabase(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return {
    db,
    dialect: 'sqlite',
    ping: () => {
      sqlite.prepare('select 1').get()
      return Promise.resolve()
    },
    close: async () => {
      await db.destroy()
      // Kysely closes only what it opened; a store that never ran a query still holds the file.
      if (sqlite.open) sqlite.close()
    },
  }
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 })
  // A pool error (e.g. the server restarted) must not crash the process; queries will fail
  // and /readyz will say so.
  pool.on('error', () => undefined)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    dialect: 'postgres',
    ping: async () => {
      await pool.query('select 1')
    },
    close: async () => {
      await db.destroy()
      if (!pool.ended) await pool.end()
    },
  }
}
