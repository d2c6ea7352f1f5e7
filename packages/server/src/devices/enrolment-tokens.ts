/**
 * Enrolment tokens: an admin creates one for a computer to be installed (docs/devices.md);
 * the token is shown once with the install command, and only its SHA-256 is stored.
 */
import { randomUUID } from 'node:crypto'

import { AuditKind } from '../audit/audit.js'
import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import { hashSecret, newEnrolmentToken } from './credentials.js'
import {
  type CreateEnrolmentTokenInput,
  ENROLMENT_HOURS_DEFAULT,
  type EnrolmentTokenView,
} from './schemas.js'
import * as store from './store.js'

const HOUR_MS = 3600_000

export interface CreatedEnrolmentToken {
  readonly enrolmentToken: EnrolmentTokenView
  readonly token: string
  /** What to run on the customer's computer. */
  readonly command: string
}

export function toEnrolmentTokenView(
  row: store.EnrolmentTokenListRow,
  now: Date,
): EnrolmentTokenView {
  return {
    id: row.id,
    label: row.label,
    group: row.group_name,
    createdBy: { id: row.created_by, displayName: row.created_by_name },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    status:
      row.used_at !== null
        ? 'used'
        : row.revoked_at !== null
          ? 'revoked'
          : Date.parse(row.expires_at) <= now.getTime()
            ? 'expired'
            : 'unused',
    usedAt: row.used_at,
    usedBy:
      row.used_by_device_id === null ? null : { id: row.used_by_device_id, name: row.used_by_name },
    revokedAt: row.revoked_at,
  }
}

/** The command an admin hands to whoever installs the agent. */
export function installCommand(publicUrl: URL, token: string): string {
  return `tasuke-agent install --server ${publicUrl.origin} --token ${token}`
}

export async function createEnrolmentToken(
  services: Services,
  principal: Principal,
  input: CreateEnrolmentTokenInput,
  ip: string,
): Promise<CreatedEnrolmentToken> {
  const token = newEnrolmentToken()
  const now = services.clock.now()
  const hours = input.expiresInHours ?? ENROLMENT_HOURS_DEFAULT
  const row: store.EnrolmentTokenRow = {
    id: randomUUID(),
    tenant_id: principal.tenantId,
    token_hash: hashSecret(token),
    label: input.label?.trim() ?? null,
    group_name: input.group?.trim() ?? null,
    created_by: principal.operatorId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + hours * HOUR_MS).toISOString(),
    used_at: null,
    used_by_device_id: null,
    revoked_at: null,
  }
  await store.insertEnrolmentToken(services.db, row)
  await services.audit.record({
    tenantId: principal.tenantId,
    kind: AuditKind.DeviceTokenCreated,
    ip,
    operatorId: principal.operatorId,
    detail: { enrolmentTokenId: row.id, expiresInHours: hours },
  })
  const view = toEnrolmentTokenView(
    { ...row, created_by_name: principal.displayName, used_by_name: null },
    now,
  )
  return { enrolmentToken: view, token, command: installCommand(services.config.publicUrl, token) }
}

export async function listEnrolmentTokens(
  services: Services,
  tenantId: string,
): Promise<EnrolmentTokenView[]> {
  const now = services.clock.now()
  const rows = await store.listEnrolmentTokens(services.db, tenantId)
  return rows.map((row) => toEnrolmentTokenView(row, now))
}

export type RevokeTokenResult = 'revoked' | 'not-found' | 'used'

/** Revokes an unused token at once; a revoked or expired one stays as it is. */
export async function revokeEnrolmentToken(
  services: Services,
  principal: Principal,
  id: string,
  ip: string,
): Promise<RevokeTokenResult> {
  const existing = await store.findEnrolmentToken(services.db, principal.tenantId, id)
  if (existing === null) return 'not-found'
  if (existing.used_at !== null) return 'used'
  const now = services.clock.now().toISOString()
  if (await store.revokeEnrolmentToken(services.db, principal.tenantId, id, now)) {
    await services.audit.record({
      tenantId: principal.tenantId,
      kind: AuditKind.DeviceTokenRevoked,
      ip,
      operatorId: principal.operatorId,
      detail: { enrolmentTokenId: id },
    })
    return 'revoked'
  }
  // Used a moment ago, or revoked already.
  const again = await store.findEnrolmentToken(services.db, principal.tenantId, id)
  return again?.used_at === null ? 'revoked' : 'used'
}
