/** The queries of unattended connections: which session went to which device (SPEC.md D3). */
import type { Kysely, Selectable } from 'kysely'

import type { Database, DeviceSessionTable, SupportSessionTable } from '../store/schema.js'

export type DeviceSessionRow = Selectable<DeviceSessionTable>

/** A support session's row (the sessions feature's rules are applied to it, sessions.ts). */
export async function findSupportSession(
  db: Kysely<Database>,
  sessionId: string,
): Promise<Selectable<SupportSessionTable> | null> {
  const row = await db
    .selectFrom('support_sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .executeTakeFirst()
  return row ?? null
}

export async function insertDeviceSession(
  db: Kysely<Database>,
  row: DeviceSessionRow,
): Promise<void> {
  await db.insertInto('device_sessions').values(row).execute()
}

export async function findDeviceSession(
  db: Kysely<Database>,
  sessionId: string,
): Promise<DeviceSessionRow | null> {
  const row = await db
    .selectFrom('device_sessions')
    .selectAll()
    .where('session_id', '=', sessionId)
    .executeTakeFirst()
  return row ?? null
}

/**
 * Uses the session's agent token: true once, while it has not expired and its device is not
 * revoked; false for a replay, an expired token or a revoked device.
 */
export async function claimAgentToken(
  db: Kysely<Database>,
  sessionId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('device_sessions')
    .set({ token_used_at: now })
    .where('session_id', '=', sessionId)
    .where('token_used_at', 'is', null)
    .where('token_expires_at', '>', now)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('devices')
          .select('devices.id')
          .whereRef('devices.id', '=', 'device_sessions.device_id')
          .where('devices.revoked_at', 'is', null),
      ),
    )
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Gives a live session of an installed device a fresh agent token (its socket dropped or the
 * computer restarted, SPEC.md D5): the old token stops working, the new one admits one socket
 * until `expiresAt`. False when the session is no longer active.
 */
export async function renewAgentToken(
  db: Kysely<Database>,
  sessionId: string,
  tokenHash: string,
  expiresAt: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const renewed = await trx
      .updateTable('support_sessions')
      .set({ agent_token_hash: tokenHash })
      .where('id', '=', sessionId)
      .where('state', '=', 'active')
      .executeTakeFirst()
    if (Number(renewed.numUpdatedRows) !== 1) return false
    await trx
      .updateTable('device_sessions')
      .set({ token_used_at: null, token_expires_at: expiresAt })
      .where('session_id', '=', sessionId)
      .execute()
    return true
  })
}

/** The device's accepted sessions that are still on (their agent may be away). */
export async function activeSessionIdsOf(
  db: Kysely<Database>,
  deviceId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('device_sessions as d')
    .innerJoin('support_sessions as s', 's.id', 'd.session_id')
    .select('d.session_id')
    .where('d.device_id', '=', deviceId)
    .where('s.state', '=', 'active')
    .execute()
  return rows.map((row) => row.session_id)
}

/** The display name of the operator a session belongs to (for a resumed `connect-request`). */
export async function operatorNameOf(
  db: Kysely<Database>,
  sessionId: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('support_sessions as s')
    .innerJoin('operators as o', 'o.id', 's.operator_id')
    .select('o.display_name')
    .where('s.id', '=', sessionId)
    .executeTakeFirst()
  return row?.display_name ?? null
}

/** The device's sessions that have not ended (connecting or active). */
export async function liveSessionIdsOf(db: Kysely<Database>, deviceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('device_sessions as d')
    .innerJoin('support_sessions as s', 's.id', 'd.session_id')
    .select('d.session_id')
    .where('d.device_id', '=', deviceId)
    .where('s.state', 'in', ['waiting', 'connecting', 'active'])
    .execute()
  return rows.map((row) => row.session_id)
}

/** A device removes itself: it is revoked and marked as having left; false if it was already. */
export async function markDeviceLeft(
  db: Kysely<Database>,
  deviceId: string,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set({ revoked_at: at, left_at: at })
    .where('id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The tenant's display name (for `device-welcome`). */
export async function tenantName(db: Kysely<Database>, tenantId: string): Promise<string> {
  const row = await db
    .selectFrom('tenants')
    .select('name')
    .where('id', '=', tenantId)
    .executeTakeFirst()
  return row?.name ?? ''
}
