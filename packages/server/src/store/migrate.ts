/** Runs the schema migrations at start; the list is static so bundlers see every step. */
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely'

import * as initial from './migrations/0001-initial.js'
import type { Database } from './schema.js'

const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
}

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError'
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new MigrationError(`database migration ${failed} failed: ${describe(error)}`, {
      cause: error,
    })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
