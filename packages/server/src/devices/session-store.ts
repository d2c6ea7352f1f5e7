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
