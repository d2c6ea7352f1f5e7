/** The queries of installed agents: enrolment tokens, devices and the tenant's policy. */
import type { Kysely, Selectable } from 'kysely'

import type {
  Database,
  DeviceEnrolmentTokenTable,
  DeviceSettingsTable,
  DeviceTable,
} from '../store/schema.js'

export type EnrolmentTokenRow = Selectable<DeviceEnrolmentTokenTable>
export type DeviceRow = Selectable<DeviceTable>
export type DeviceSettingsRow = Selectable<DeviceSettingsTable>

export interface EnrolmentTokenListRow extends EnrolmentTokenRow {
  readonly created_by_name: string | null
  readonly used_by_name: string | null
}

export async function insertEnrolmentToken(
  db: Kysely<Database>,
  row: EnrolmentTokenRow,
): Promise<void> {
  await db.insertInto('device_enrolment_tokens').values(row).execute()
}

export function listEnrolmentTokens(
  db: Kysely<Database>,
  tenantId: string,
): Promise<EnrolmentTokenListRow[]> {
  return db
    .selectFrom('device_enrolment_tokens as t')
    .leftJoin('operators as o', (join) =>
      join.onRef('o.id', '=', 't.created_by').onRef('o.tenant_id', '=', 't.tenant_id'),
    )
    .leftJoin('devices as d', (join) =>
      join.onRef('d.id', '=', 't.used_by_device_id').onRef('d.tenant_id', '=', 't.tenant_id'),
    )
    .selectAll('t')
    .select(['o.display_name as created_by_name', 'd.name as used_by_name'])
    .where('t.tenant_id', '=', tenantId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id')
    .execute()
}

export async function findEnrolmentToken(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<EnrolmentTokenRow | null> {
  const row = await db
    .selectFrom('device_enrolment_tokens')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

export async function findEnrolmentTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<EnrolmentTokenRow | null> {
  const row = await db
    .selectFrom('device_enrolment_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
  return row ?? null
}

/** Revokes an unused token; false when it was used or revoked already. */
export async function revokeEnrolmentToken(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  revokedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('device_enrolment_tokens')
    .set({ revoked_at: revokedAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/**
 * Uses the token and inserts the device in one transaction. The token is claimed with a
 * conditional update, so of two enrolments racing with one token exactly one gets the row;
 * false for the other (and for a token that expired or was revoked meanwhile).
 */
export function enrolDevice(
  db: Kysely<Database>,
  tokenId: string,
  device: DeviceRow,
  now: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('device_enrolment_tokens')
      .set({ used_at: now, used_by_device_id: device.id })
      .where('id', '=', tokenId)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return false
    await trx.insertInto('devices').values(device).execute()
    return true
  })
}

export interface DeviceFilter {
  readonly group: string | null
  readonly status: 'online' | 'offline' | 'revoked' | null
  /** Last-seen times from this one on count as online. */
  readonly onlineSince: string
}

export function listDevices(
  db: Kysely<Database>,
  tenantId: string,
  filter: DeviceFilter,
): Promise<DeviceRow[]> {
  let query = db.selectFrom('devices').selectAll().where('tenant_id', '=', tenantId)
  if (filter.group !== null) query = query.where('group_name', '=', filter.group)
  switch (filter.status) {
    case null:
      query = query.where('revoked_at', 'is', null)
      break
    case 'revoked':
      query = query.where('revoked_at', 'is not', null)
      break
    case 'online':
      query = query.where('revoked_at', 'is', null).where('last_seen_at', '>=', filter.onlineSince)
      break
    case 'offline':
      query = query
        .where('revoked_at', 'is', null)
        .where((eb) =>
          eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', filter.onlineSince)]),
        )
      break
  }
  return query.orderBy('name').orderBy('id').execute()
}

/** The group names the tenant's live devices are in, sorted. */
export async function listGroupNames(db: Kysely<Database>, tenantId: string): Promise<string[]> {
  const fromDevices = await db
    .selectFrom('devices')
    .select('group_name')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .where('group_name', 'is not', null)
    .execute()
  const names = new Set(fromDevices.map((row) => row.group_name ?? ''))
  names.delete('')
  return [...names].sort()
}

export async function findDevice(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
): Promise<DeviceRow | null> {
  const row = await db
    .selectFrom('devices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst()
  return row ?? null
}

/** A device by id alone: only for checking its own credential. */
export async function findDeviceById(db: Kysely<Database>, id: string): Promise<DeviceRow | null> {
  const row = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst()
  return row ?? null
}

export type DevicePatch = Partial<
  Pick<DeviceRow, 'name' | 'group_name' | 'policy_mode' | 'policy_ask_seconds'>
>

/** Changes a live device of the tenant; false when there is none (or it was revoked). */
export async function updateDevice(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  patch: DevicePatch,
): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function revokeDevice(
  db: Kysely<Database>,
  tenantId: string,
  id: string,
  revokedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set({ revoked_at: revokedAt })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export type DeviceHeartbeat = Pick<
  DeviceRow,
  'last_seen_at' | 'last_ip' | 'os_platform' | 'os_release' | 'os_arch' | 'agent_version'
>

/** Records a heartbeat of a live device; false when it was revoked meanwhile. */
export async function touchDevice(
  db: Kysely<Database>,
  id: string,
  heartbeat: Partial<DeviceHeartbeat>,
): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set(heartbeat)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export async function findDeviceSettings(
  db: Kysely<Database>,
  tenantId: string,
): Promise<DeviceSettingsRow | null> {
  const row = await db
    .selectFrom('device_settings')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst()
  return row ?? null
}

export async function saveDeviceSettings(
  db: Kysely<Database>,
  row: DeviceSettingsRow,
): Promise<void> {
  await db
    .insertInto('device_settings')
    .values(row)
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet({
        policy_mode: row.policy_mode,
        policy_ask_seconds: row.policy_ask_seconds,
        updated_at: row.updated_at,
      }),
    )
    .execute()
}
