/**
 * Security-relevant events kept for the tenant's retention period: failed redemptions,
 * failed log-ins, lockouts, invitations, key changes. Details never hold a session code, a
 * password, a token or an e-mail address in clear.
 */
import { randomUUID } from 'node:crypto'

import type { Kysely } from 'kysely'

import type { Clock } from '../clock.js'
import type { Database } from '../store/schema.js'
import { deleteAuditEventsBefore, insertAuditEvent } from './store.js'

export const AuditKind = {
  RedeemFailed: 'redeem-failed',
  RedeemLockedOut: 'redeem-locked-out',
  LoginFailed: 'login-failed',
  LoginLockedOut: 'login-locked-out',
  LoginSucceeded: 'login-succeeded',
  LogoutEverywhere: 'logout-everywhere',
  OperatorInvited: 'operator-invited',
  OperatorChanged: 'operator-changed',
  TotpEnabled: 'totp-enabled',
  TotpDisabled: 'totp-disabled',
  ApiKeyCreated: 'api-key-created',
  ApiKeyRevoked: 'api-key-revoked',
  TenantChanged: 'tenant-changed',
  SessionCancelled: 'session-cancelled',
  DeviceTokenCreated: 'device-token-created',
  DeviceTokenRevoked: 'device-token-revoked',
  DeviceEnrolled: 'device-enrolled',
  DeviceEnrolFailed: 'device-enrol-failed',
  DeviceChanged: 'device-changed',
  DeviceRevoked: 'device-revoked',
  DevicePolicyChanged: 'device-policy-changed',
  /** An operator connected to an installed device (unattended). */
  DeviceConnected: 'device-connected',
  /** An installed device removed itself (`agent uninstall`). */
  DeviceLeft: 'device-left',
} as const
export type AuditKind = (typeof AuditKind)[keyof typeof AuditKind]

export type { AuditEvent } from './store.js'

export interface AuditInput {
  readonly tenantId: string | null
  readonly kind: AuditKind
  readonly ip: string | null
  readonly operatorId?: string | null
  readonly detail?: Readonly<Record<string, string | number | boolean | null>>
}

export interface AuditLog {
  record(input: AuditInput): Promise<void>
}

export function createAuditLog(db: Kysely<Database>, clock: Clock): AuditLog {
  return {
    record: (input) =>
      insertAuditEvent(db, {
        id: randomUUID(),
        tenantId: input.tenantId,
        kind: input.kind,
        ip: input.ip,
        operatorId: input.operatorId ?? null,
        detail: input.detail ?? {},
        createdAt: clock.now().toISOString(),
      }),
  }
}

/**
 * Deletes a tenant's audit events older than `before` (ISO time); `tenantId` null for events
 * that belong to no tenant. Returns how many went.
 */
export function purgeAuditEvents(
  db: Kysely<Database>,
  tenantId: string | null,
  before: string,
): Promise<number> {
  return deleteAuditEventsBefore(db, tenantId, before)
}
