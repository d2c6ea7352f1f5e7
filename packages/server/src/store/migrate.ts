/** Runs the schema migrations at start; the list is static so bundlers see every step. */
import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresAdapter,
  sql,
} from 'kysely'

import * as initial from './migrations/0001-initial.js'
import * as sessionInvitations from './migrations/0002-session-invitations.js'
import * as entryStatusHandles from './migrations/0003-entry-status-handles.js'
import * as chatWidget from './migrations/0004-chat-widget.js'
import * as devices from './migrations/0005-devices.js'
import * as deviceSessions from './migrations/0006-device-sessions.js'
import type { Database } from './schema.js'

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-session-invitations': sessionInvitations,
  '0003-entry-status-handles': entryStatusHandles,
  '0004-chat-widget': chatWidget,
  '0005-devices': devices,
  '0006-device-sessions': deviceSessions,
}

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  // On PostgreSQL, Kysely looks for its bookkeeping tables in every schema; pin them to the
  // schema this connection works in, so two deployments (or test runs) in one database
  // never see each other's migration state.
  const migrationTableSchema =
    db.getExecutor().adapter instanceof PostgresAdapter ? await currentSchema(db) : undefined
  const migrator = new Migrator({
    db,
    provider,
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`database migration ${failed} failed: ${describe(error)}`, {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  const schema = rows[0]?.schema
  if (schema === undefined) throw new MigrationError('the database has no current schema')
  return schema
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
