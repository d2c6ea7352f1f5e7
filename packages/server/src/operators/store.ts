import type { Kysely, Selectable, Updateable } from 'kysely'

import type { Database, InvitationTable, OperatorTable } from '../store/schema.js'

export type OperatorRow = Selectable<OperatorTable>
export type InvitationRow = Selectable<InvitationTable>

export async function listOperators(db: Kysely<Database>, tenantId: string) {
  return db
    .selectFrom('operators')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function findOperator(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<OperatorRow | null> {
  const row = await db
    .selectFrom('operators')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

export async function emailIndexTaken(db: Kysely<Database>, emailIndex: string) {
  const row = await db
    .selectFrom('operators')
    .select('id')
    .where('email_index', '=', emailIndex)
    .executeTakeFirst()
  return row !== undefined
}

/** Inserts an invited operator and the invitation together; false if the e-mail is taken. */
export async function insertInvitedOperator(
  db: Kysely<Database>,
  operator: OperatorRow,
  invitation: InvitationRow,
): Promise<boolean> {
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('operators').values(operator).execute()
      await trx.insertInto('invitations').values(invitation).execute()
    })
    return true
  } catch (error) {
    if (isUniqueViolation(error)) return false
    throw error
  }
}

export async function insertInvitation(db: Kysely<Database>, row: InvitationRow): Promise<void> {
  await db.insertInto('invitations').values(row).execute()
}

/** Ends the open invitations of an operator (a new one replaces them). */
export async function expireInvitations(db: Kysely<Database>, operatorId: string, now: string) {
  await db
    .updateTable('invitations')
    .set({ expires_at: now })
    .where('operator_id', '=', operatorId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .execute()
}

/** An invitation that can still be used, with its operator and tenant. */
export async function findOpenInvitation(db: Kysely<Database>, tokenHash: string, now: string) {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('operators as o', (join) =>
      join.onRef('o.id', '=', 'i.operator_id').onRef('o.tenant_id', '=', 'i.tenant_id'),
    )
    .innerJoin('tenants as t', 't.id', 'i.tenant_id')
    .select([
      'i.id as invitationId',
      'i.expires_at as expiresAt',
      'o.id as operatorId',
      'o.tenant_id as tenantId',
      'o.email_cipher as emailCipher',
      'o.display_name as displayName',
      't.name as tenantName',
    ])
    .where('i.token_hash', '=', tokenHash)
    .where('i.used_at', 'is', null)
    .where('i.expires_at', '>', now)
    .where('o.disabled', '=', 0)
    .executeTakeFirst()
  return row ?? null
}

/** Marks an invitation used and sets the password, once: false if it was used meanwhile. */
export async function useInvitation(
  db: Kysely<Database>,
  input: { invitationId: string; operatorId: string; passwordHash: string; now: string },
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('invitations')
      .set({ used_at: input.now })
      .where('id', '=', input.invitationId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', input.now)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1) return false
    await trx
      .updateTable('operators')
      .set({ password_hash: input.passwordHash, failed_logins: 0, locked_until: null })
      .where('id', '=', input.operatorId)
      .execute()
    return true
  })
}

export async function countEnabledAdmins(db: Kysely<Database>, tenantId: string) {
  const row = await db
    .selectFrom('operators')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/**
 * Applies a change to an operator of the tenant, refusing it (returning false) when it would
 * leave the tenant without an enabled admin; checked and written in one transaction.
 */
export async function updateOperatorKeepingAnAdmin(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  patch: Updateable<OperatorTable>,
): Promise<boolean> {
  return db
    .transaction()
    .execute(async (trx) => {
      // Writing the tenant row first serialises concurrent changes of one tenant's operators
      // (a row lock in PostgreSQL; SQLite has one writer anyway).
      await trx.updateTable('tenants').set({ id: tenantId }).where('id', '=', tenantId).execute()
      await trx
        .updateTable('operators')
        .set(patch)
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute()
      if ((await countEnabledAdmins(trx, tenantId)) === 0) throw new LastAdminError()
      return true
    })
    .catch((error: unknown) => {
      if (error instanceof LastAdminError) return false
      throw error
    })
}

class LastAdminError extends Error {}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false
  const { code } = error
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}
