/**
 * Inviting operators: an admin names a person, the server creates the operator without a
 * password and a single-use link (32 random bytes; only its SHA-256 is stored) valid for
 * 7 days. Opening the link lets the person choose a password and logs them in.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

import { AuditKind } from '../audit/audit.js'
import { conflict, HttpError } from '../http/http-error.js'
import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import { getTenant } from '../tenants/tenants.js'
import { composeInvitationMail } from './invitation-mail.js'
import { getOperator, newOperatorRow, toOperatorView } from './operators.js'
import type { InvitationView, InviteBody, Invited } from './schemas.js'
import {
  emailIndexTaken,
  expireInvitations,
  findOpenInvitation,
  insertInvitation,
  insertInvitedOperator,
  type InvitationRow,
  useInvitation,
} from './store.js'

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000
const INVITATION_TOKEN_BYTES = 32

export const invitationInvalid = () =>
  new HttpError(
    404,
    'invitation-invalid',
    'This invitation link is unknown, already used or expired. Ask your administrator for a new one.',
  )

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function invitationUrl(services: Services, token: string): string {
  return `${services.config.publicUrl.href.replace(/\/+$/, '')}/invite/${token}`
}

function newInvitation(
  services: Services,
  tenantId: string,
  operatorId: string,
): { row: InvitationRow; token: string } {
  const token = randomBytes(INVITATION_TOKEN_BYTES).toString('base64url')
  const now = services.clock.now()
  return {
    token,
    row: {
      id: randomUUID(),
      tenant_id: tenantId,
      operator_id: operatorId,
      token_hash: hashInvitationToken(token),
      expires_at: new Date(now.getTime() + INVITATION_LIFETIME_MS).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    },
  }
}

const emailTaken = () =>
  conflict('email-taken', 'An operator with this e-mail address already exists.')

export async function inviteOperator(
  services: Services,
  principal: Principal,
  body: InviteBody,
  ip: string,
): Promise<Invited> {
  const operator = newOperatorRow(services, {
    tenantId: principal.tenantId,
    email: body.email,
    displayName: body.displayName,
    role: body.role,
    passwordHash: null,
  })
  if (await emailIndexTaken(services.db, operator.email_index)) throw emailTaken()
  const invitation = newInvitation(services, principal.tenantId, operator.id)
  if (!(await insertInvitedOperator(services.db, operator, invitation.row))) throw emailTaken()
  await services.audit.record({
    tenantId: principal.tenantId,
    kind: AuditKind.OperatorInvited,
    ip,
    operatorId: principal.operatorId,
    detail: { invitedOperatorId: operator.id, role: operator.role },
  })
  return deliver(services, principal, toOperatorView(services, operator), invitation)
}

/** A fresh link for an operator who has not set a password yet; older links stop working. */
export async function reinviteOperator(
  services: Services,
  principal: Principal,
  operatorId: string,
  ip: string,
): Promise<Invited> {
  const operator = await getOperator(services, principal.tenantId, operatorId)
  if (operator.password_hash !== null) {
    throw conflict('already-accepted', 'This operator has already set a password.')
  }
  if (operator.disabled !== 0) {
    throw conflict('operator-disabled', 'Enable this operator before sending a new invitation.')
  }
  const invitation = newInvitation(services, principal.tenantId, operator.id)
  await expireInvitations(services.db, operator.id, invitation.row.created_at)
  await insertInvitation(services.db, invitation.row)
  await services.audit.record({
    tenantId: principal.tenantId,
    kind: AuditKind.OperatorInvited,
    ip,
    operatorId: principal.operatorId,
    detail: { invitedOperatorId: operator.id, role: operator.role, renewed: true },
  })
  return deliver(services, principal, toOperatorView(services, operator), invitation)
}

async function deliver(
  services: Services,
  principal: Principal,
  operator: Invited['operator'],
  invitation: { row: InvitationRow; token: string },
): Promise<Invited> {
  const url = invitationUrl(services, invitation.token)
  const answer = { operator, invitationUrl: url, expiresAt: invitation.row.expires_at }
  if (services.mailer === null) return { ...answer, mailed: false }
  const tenant = await getTenant(services, principal.tenantId)
  try {
    await services.mailer.send(
      composeInvitationMail({
        to: operator.email,
        tenantName: tenant.name,
        displayName: operator.displayName,
        invitedBy: principal.displayName,
        invitationUrl: url,
        expiresAt: new Date(invitation.row.expires_at),
      }),
    )
    return { ...answer, mailed: true }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return { ...answer, mailed: false, mailError: `The e-mail could not be sent: ${reason}` }
  }
}

export async function findInvitation(services: Services, token: string): Promise<InvitationView> {
  const row = await findOpenInvitation(
    services.db,
    hashInvitationToken(token),
    services.clock.now().toISOString(),
  )
  if (row === null) throw invitationInvalid()
  return {
    tenantName: row.tenantName,
    displayName: row.displayName,
    email: services.ciphers.email.decrypt(row.emailCipher),
    expiresAt: row.expiresAt,
  }
}

/** Sets the password from an open invitation, once; returns who accepted it. */
export async function acceptInvitation(
  services: Services,
  token: string,
  passwordHash: () => Promise<string>,
): Promise<{ operatorId: string; tenantId: string }> {
  const tokenHash = hashInvitationToken(token)
  const open = await findOpenInvitation(services.db, tokenHash, services.clock.now().toISOString())
  if (open === null) throw invitationInvalid()
  const used = await useInvitation(services.db, {
    invitationId: open.invitationId,
    operatorId: open.operatorId,
    passwordHash: await passwordHash(),
    now: services.clock.now().toISOString(),
  })
  if (!used) throw invitationInvalid()
  return { operatorId: open.operatorId, tenantId: open.tenantId }
}
