/**
 * What an installed agent may know about itself (GET /devices/self, docs/api.md "Devices"):
 * its name, company, group and policy, and its own last unattended sessions for the
 * customer's "About this computer" page. Never another device's sessions.
 */
import type { Kysely } from 'kysely'

import type { Services } from '../services.js'
import type { Database } from '../store/schema.js'
import type { DeviceCredential } from './credentials.js'
import { checkDeviceCredential, tenantPolicy } from './devices.js'
import { type AccessPolicy, effectivePolicy, policyFromColumns } from './policy.js'
import { tenantName } from './session-store.js'

/** How many sessions the agent is shown, newest first. */
export const DEVICE_HISTORY_LIMIT = 20

export interface DeviceSessionEntry {
  readonly sessionId: string
  readonly operatorName: string
  /** When the connection started, or (never started) when the operator asked for it. */
  readonly startedAt: string
  readonly endedAt: string | null
  /** The session's outcome (sessions/session-state.ts SessionOutcome); null while it runs. */
  readonly outcome: string | null
}

export interface DeviceSelf {
  readonly deviceName: string
  readonly tenantName: string
  readonly group: string | null
  readonly policy: AccessPolicy
  readonly enrolledAt: string
  readonly sessions: DeviceSessionEntry[]
}

export type DeviceSelfResult =
  | { readonly ok: true; readonly self: DeviceSelf }
  | { readonly ok: false; readonly reason: 'unknown-device' | 'revoked-device' }

/** The device's own facts and history, once its credential checks out. */
export async function deviceSelf(
  services: Pick<Services, 'db'>,
  credential: DeviceCredential,
): Promise<DeviceSelfResult> {
  const check = await checkDeviceCredential(services, credential)
  if (!check.ok) return check
  const device = check.device
  const policy = effectivePolicy(
    await tenantPolicy(services, device.tenant_id),
    policyFromColumns(device.policy_mode, device.policy_ask_seconds),
  )
  return {
    ok: true,
    self: {
      deviceName: device.name,
      tenantName: await tenantName(services.db, device.tenant_id),
      group: device.group_name,
      policy,
      enrolledAt: device.enrolled_at,
      sessions: await deviceSessionHistory(services.db, device.id, DEVICE_HISTORY_LIMIT),
    },
  }
}

/** The device's last `limit` unattended sessions with their operators, newest first. */
export async function deviceSessionHistory(
  db: Kysely<Database>,
  deviceId: string,
  limit: number,
): Promise<DeviceSessionEntry[]> {
  const rows = await db
    .selectFrom('device_sessions as d')
    .innerJoin('support_sessions as s', 's.id', 'd.session_id')
    .innerJoin('operators as o', 'o.id', 's.operator_id')
    .select([
      'd.session_id as sessionId',
      'd.created_at as requestedAt',
      's.started_at as startedAt',
      's.ended_at as endedAt',
      's.outcome as outcome',
      'o.display_name as operatorName',
    ])
    .where('d.device_id', '=', deviceId)
    // The session id breaks ties, so the order is the same on both databases.
    .orderBy('d.created_at', 'desc')
    .orderBy('d.session_id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    sessionId: row.sessionId,
    operatorName: row.operatorName,
    startedAt: row.startedAt ?? row.requestedAt,
    endedAt: row.endedAt,
    outcome: row.outcome,
  }))
}
