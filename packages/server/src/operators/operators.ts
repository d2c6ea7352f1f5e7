/**
 * Operators of a tenant: how they are shown (e-mail decrypted), who may change whom, and the
 * rules that keep every tenant with an enabled admin.
 */
import { randomUUID } from 'node:crypto'

import { AuditKind } from '../audit/audit.js'
import { endOperatorWebSessions } from '../auth/web-sessions.js'
import { conflict, notFound } from '../http/http-error.js'
import type { Principal } from '../http/principal.js'
import { blindIndex, normaliseEmail } from '../secrets/blind-index.js'
import type { Services } from '../services.js'
import type { OperatorPatch, OperatorView } from './schemas.js'
import {
  findOperator,
  listOperators as listOperatorRows,
  type OperatorRow,
  updateOperatorKeepingAnAdmin,
} from './store.js'

export function toOperatorView(services: Services, row: OperatorRow): OperatorView {
  return {
    id: row.id,
    displayName: row.display_name,
    email: services.ciphers.email.decrypt(row.email_cipher),
    role: row.role,
    totpEnabled: row.totp_enabled !== 0,
    disabled: row.disabled !== 0,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
  }
}

export function emailIndexOf(services: Services, address: string): string {
  return blindIndex(services.keys.emailIndex, normaliseEmail(address))
}

/** A new operator row: e-mail encrypted and indexed, no failures, no TOTP. */
export function newOperatorRow(
  services: Services,
  input: {
    tenantId: string
    email: string
    displayName: string
    role: 'admin' | 'operator'
    passwordHash: string | null
  },
): OperatorRow {
  const email = input.email.trim()
  return {
    id: randomUUID(),
    tenant_id: input.tenantId,
    email_cipher: services.ciphers.email.encrypt(email),
    email_index: emailIndexOf(services, email),
    display_name: input.displayName.trim(),
    role: input.role,
    password_hash: input.passwordHash,
    totp_secret_cipher: null,
    totp_enabled: 0,
    totp_last_step: 0,
    failed_logins: 0,
    locked_until: null,
    disabled: 0,
    created_at: services.clock.now().toISOString(),
  }
}

export async function listOperators(services: Services, tenantId: string) {
  const rows = await listOperatorRows(services.db, tenantId)
  return rows.map((row) => toOperatorView(services, row))
}

export async function getOperator(services: Services, tenantId: string, id: string) {
  const row = await findOperator(services.db, tenantId, id)
  if (row === null) throw notFound('The operator')
  return row
}

export const OperatorChangeProblem = {
  CannotChangeSelf: 'cannot-change-self',
} as const
export type OperatorChangeProblem =
  (typeof OperatorChangeProblem)[keyof typeof OperatorChangeProblem]

/** Why `actorId` may not apply `patch` to `target`, or null. Renaming oneself is fine. */
export function operatorChangeProblem(
  actorId: string,
  target: Pick<OperatorRow, 'id' | 'role' | 'disabled'>,
  patch: OperatorPatch,
): OperatorChangeProblem | null {
  if (actorId !== target.id) return null
  const changesRole = patch.role !== undefined && patch.role !== target.role
  const disables = patch.disabled === true && target.disabled === 0
  return changesRole || disables ? OperatorChangeProblem.CannotChangeSelf : null
}

export async function changeOperator(
  services: Services,
  principal: Principal,
  id: string,
  patch: OperatorPatch,
  ip: string,
): Promise<OperatorView> {
  const target = await getOperator(services, principal.tenantId, id)
  if (operatorChangeProblem(principal.operatorId, target, patch) !== null) {
    throw conflict('cannot-change-self', 'You cannot change your own role or disable yourself.')
  }
  const updated = await updateOperatorKeepingAnAdmin(services.db, principal.tenantId, id, {
    ...(patch.role === undefined ? {} : { role: patch.role }),
    ...(patch.disabled === undefined ? {} : { disabled: patch.disabled ? 1 : 0 }),
    ...(patch.displayName === undefined ? {} : { display_name: patch.displayName.trim() }),
  })
  if (!updated) {
    throw conflict('last-admin', 'The company must keep at least one enabled administrator.')
  }
  const after = await getOperator(services, principal.tenantId, id)
  if (after.disabled !== 0 && target.disabled === 0) {
    await endOperatorWebSessions(services, id)
  }
  await services.audit.record({
    tenantId: principal.tenantId,
    kind: AuditKind.OperatorChanged,
    ip,
    operatorId: principal.operatorId,
    detail: {
      targetOperatorId: id,
      role: after.role,
      disabled: after.disabled !== 0,
      renamed: after.display_name !== target.display_name,
    },
  })
  return toOperatorView(services, after)
}
