/** Log-in data: console sessions (web_sessions) and the credential columns of operators. */
import type { Kysely, Selectable } from 'kysely'

import type { Database, OperatorTable, WebSessionTable } from '../store/schema.js'

export type WebSessionRow = Selectable<WebSessionTable>
export type OperatorRow = Selectable<OperatorTable>

export async function insertWebSession(db: Kysely<Database>, row: WebSessionRow): Promise<void> {
  await db.insertInto('web_sessions').values(row).execute()
}

/** A session with what the principal needs of its operator; null when either is missing. */
export async function findWebSession(db: Kysely<Database>, idHash: string) {
  const row = await db
    .selectFrom('web_sessions as s')
    .innerJoin('operators as o', (join) =>
      join.onRef('o.id', '=', 's.operator_id').onRef('o.tenant_id', '=', 's.tenant_id'),
    )
    .select([
      's.id_hash',
      's.operator_id',
      's.tenant_id',
      's.csrf_token',
      's.last_seen_at',
      's.expires_at',
      'o.role',
      'o.display_name',
      'o.disabled',
    ])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst()
  return row ?? null
}

export async function touchWebSession(
  db: Kysely<Database>,
  idHash: string,
  lastSeenAt: string,
): Promise<void> {
  await db
    .updateTable('web_sessions')
    .set({ last_seen_at: lastSeenAt })
    .where('id_hash', '=', idHash)
    .execute()
}

export async function deleteWebSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('web_sessions').where('id_hash', '=', idHash).execute()
}

/** Ends every session of an operator, except `keepIdHash` when given; returns how many. */
export async function deleteOperatorWebSessions(
  db: Kysely<Database>,
  operatorId: string,
  keepIdHash: string | null = null,
): Promise<number> {
  let query = db.deleteFrom('web_sessions').where('operator_id', '=', operatorId)
  if (keepIdHash !== null) query = query.where('id_hash', '!=', keepIdHash)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Deletes sessions past their lifetime or idle since before `idleSince`; returns how many. */
export async function deleteStaleWebSessions(
  db: Kysely<Database>,
  now: string,
  idleSince: string,
): Promise<number> {
  const result = await db
    .deleteFrom('web_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function findOperatorByEmailIndex(
  db: Kysely<Database>,
  emailIndex: string,
): Promise<OperatorRow | null> {
  const row = await db
    .selectFrom('operators')
    .selectAll()
    .where('email_index', '=', emailIndex)
    .executeTakeFirst()
  return row ?? null
}

export async function findOperatorById(
  db: Kysely<Database>,
  tenantId: string,
  operatorId: string,
): Promise<OperatorRow | null> {
  const row = await db
    .selectFrom('operators')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', operatorId)
    .executeTakeFirst()
  return row ?? null
}

/** Counts one more failed log-in atomically; returns the new count. */
export async function incrementFailedLogins(
  db: Kysely<Database>,
  operatorId: string,
): Promise<number> {
  const row = await db
    .updateTable('operators')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
    .where('id', '=', operatorId)
    .returning('failed_logins')
    .executeTakeFirst()
  return row?.failed_logins ?? 0
}

export async function setLockedUntil(
  db: Kysely<Database>,
  operatorId: string,
  lockedUntil: string | null,
): Promise<void> {
  await db
    .updateTable('operators')
    .set({ locked_until: lockedUntil })
    .where('id', '=', operatorId)
    .execute()
}

export async function clearFailedLogins(db: Kysely<Database>, operatorId: string): Promise<void> {
  await db
    .updateTable('operators')
    .set({ failed_logins: 0, locked_until: null })
    .where('id', '=', operatorId)
    .execute()
}

export async function setPasswordHash(
  db: Kysely<Database>,
  operatorId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('operators')
    .set({ password_hash: passwordHash })
    .where('id', '=', operatorId)
    .execute()
}

/**
 * Records `step` as the last TOTP step used, only if it is newer than the last one: false
 * when another request used this step (or a later one) first.
 */
export async function claimTotpStep(
  db: Kysely<Database>,
  operatorId: string,
  step: number,
): Promise<boolean> {
  const result = await db
    .updateTable('operators')
    .set({ totp_last_step: step })
    .where('id', '=', operatorId)
    .where('totp_last_step', '<', step)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function setTotp(
  db: Kysely<Database>,
  operatorId: string,
  values: { secretCipher: string | null; enabled: boolean; lastStep?: number },
): Promise<void> {
  await db
    .updateTable('operators')
    .set({
      totp_secret_cipher: values.secretCipher,
      totp_enabled: values.enabled ? 1 : 0,
      ...(values.lastStep === undefined ? {} : { totp_last_step: values.lastStep }),
    })
    .where('id', '=', operatorId)
    .execute()
}
