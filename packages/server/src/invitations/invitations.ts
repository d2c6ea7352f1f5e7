/**
 * E-mail invitations to a support session (DESIGN.md S5, flow C). The operator names the
 * customer's address; the server issues a session number (method 'email'), keeps the
 * address encrypted with a blind index on the session row, makes a link token (32 random
 * bytes; only its SHA-256 is stored) and mails the link in the customer's language. The link
 * works while the number is waiting and unexpired. No HTTP here: routes.ts maps the results.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'

import { conflict, HttpError, notFound } from '../http/http-error.js'
import type { Principal } from '../http/principal.js'
import { MailError } from '../mail/mailer.js'
import { blindIndex, normaliseEmail } from '../secrets/blind-index.js'
import type { Services } from '../services.js'
import { createSession, type SessionView } from '../sessions/sessions.js'
import type { InvitationDelivery, InvitationLanguage } from '../store/schema.js'
import { composeSessionInvitationMail } from './mail.js'
import * as store from './store.js'

const TOKEN_BYTES = 32

export interface NewInvitation {
  readonly email: string
  readonly expiresInMinutes: number
  readonly language: InvitationLanguage
  readonly timeZone: string
}

export interface InvitationView {
  readonly sessionId: string
  readonly email: string
  readonly language: InvitationLanguage
  readonly timeZone: string
  readonly delivery: InvitationDelivery
  /** Why the last attempt failed, for people (never an address); null unless failed. */
  readonly deliveryError: string | null
  readonly attempts: number
  readonly lastAttemptAt: string | null
  readonly createdAt: string
}

export interface Invited {
  readonly session: SessionView
  readonly invitation: InvitationView
}

export const mailNotConfigured = () =>
  new HttpError(
    503,
    'mail-not-configured',
    'This server cannot send e-mail: SMTP_URL is not set. Ask the server administrator, or give the customer the session number instead.',
  )

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function invitationLink(services: Services, token: string): string {
  return `${services.config.publicUrl.href.replace(/\/+$/, '')}/i/${token}`
}

/** Issues the number, stores the invitation and mails it; the answer says how delivery went. */
export async function inviteBySessionMail(
  services: Services,
  principal: Principal,
  input: NewInvitation,
  operatorIp: string,
): Promise<Invited> {
  if (services.mailer === null) throw mailNotConfigured()
  const address = input.email.trim()
  const session = await createSession(services, {
    tenantId: principal.tenantId,
    operatorId: principal.operatorId,
    method: 'email',
    expiresInMinutes: input.expiresInMinutes,
    operatorIp,
    inviteeEmail: {
      cipher: services.ciphers.email.encrypt(address),
      index: blindIndex(services.keys.emailIndex, normaliseEmail(address)),
    },
  })
  services.metrics.sessionsCreated.inc({ method: session.method })
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  await store.insertInvitation(services.db, {
    id: randomUUID(),
    tenant_id: principal.tenantId,
    session_id: session.id,
    operator_id: principal.operatorId,
    token_hash: hashLinkToken(token),
    language: input.language,
    time_zone: input.timeZone,
    delivery: 'pending',
    delivery_error: null,
    attempts: 0,
    last_attempt_at: null,
    created_at: services.clock.now().toISOString(),
  })
  const invitation = await deliver(services, principal, session.id, token)
  return { session, invitation }
}

/**
 * Sends the invitation again with a fresh link (the old one stops working: only one token
 * hash is kept). Only while the number can still be used.
 */
export async function resendInvitation(
  services: Services,
  principal: Principal,
  sessionId: string,
): Promise<InvitationView> {
  if (services.mailer === null) throw mailNotConfigured()
  const row = await store.findBySession(services.db, principal.tenantId, sessionId)
  if (row === undefined || !mayManage(principal, row.operator_id)) {
    throw notFound('The invitation')
  }
  if (!isOpen(services, row)) {
    throw conflict(
      'invitation-closed',
      'This session number has expired, was cancelled or is already in use: invite the customer again.',
    )
  }
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  await store.updateInvitation(services.db, row.id, { token_hash: hashLinkToken(token) })
  return deliver(services, principal, sessionId, token)
}

export async function listInvitations(
  services: Services,
  principal: Principal,
  limit: number,
): Promise<InvitationView[]> {
  const rows = await store.listInvitations(services.db, {
    tenantId: principal.tenantId,
    operatorId: principal.role === 'admin' ? null : principal.operatorId,
    limit,
  })
  return rows.map((row) => toView(services, row))
}

/** What the public link /i/<token> leads to. */
export type LinkTarget =
  | { readonly kind: 'open'; readonly code: string; readonly language: InvitationLanguage }
  | {
      readonly kind: 'closed'
      readonly language: InvitationLanguage
      readonly companyName: string
    }
  | { readonly kind: 'unknown' }

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export async function followLink(services: Services, token: string): Promise<LinkTarget> {
  if (!TOKEN_SHAPE.test(token)) return { kind: 'unknown' }
  const row = await store.findByTokenHash(services.db, hashLinkToken(token))
  if (row === undefined) return { kind: 'unknown' }
  if (isOpen(services, row)) return { kind: 'open', code: row.code, language: row.language }
  return { kind: 'closed', language: row.language, companyName: row.tenant_name }
}

function mayManage(principal: Principal, operatorId: string): boolean {
  return principal.role === 'admin' || principal.operatorId === operatorId
}

/** The number can still be redeemed: waiting and unexpired (housekeeping settles the rest). */
function isOpen(services: Services, row: store.InvitationWithSession): boolean {
  return row.state === 'waiting' && row.expires_at > services.clock.now().toISOString()
}

async function deliver(
  services: Services,
  principal: Principal,
  sessionId: string,
  token: string,
): Promise<InvitationView> {
  const row = await store.findBySession(services.db, principal.tenantId, sessionId)
  if (row === undefined || row.invitee_email_cipher === null || services.mailer === null) {
    throw new Error(`invitation of session ${sessionId} vanished while sending`)
  }
  let delivery: InvitationDelivery = 'sent'
  let deliveryError: string | null = null
  try {
    await services.mailer.send(
      composeSessionInvitationMail({
        to: services.ciphers.email.decrypt(row.invitee_email_cipher),
        language: row.language,
        companyName: row.tenant_name,
        operatorName: principal.displayName,
        link: invitationLink(services, token),
        code: row.code,
        expiresAt: new Date(row.expires_at),
        timeZone: row.time_zone,
      }),
    )
  } catch (error) {
    delivery = 'failed'
    deliveryError = error instanceof MailError ? error.message : 'the mail could not be sent'
  }
  const now = services.clock.now().toISOString()
  const patch = {
    delivery,
    delivery_error: deliveryError,
    attempts: row.attempts + 1,
    last_attempt_at: now,
  }
  await store.updateInvitation(services.db, row.id, patch)
  return toView(services, { ...row, ...patch })
}

function toView(services: Services, row: store.InvitationWithSession): InvitationView {
  return {
    sessionId: row.session_id,
    email:
      row.invitee_email_cipher === null
        ? ''
        : services.ciphers.email.decrypt(row.invitee_email_cipher),
    language: row.language,
    timeZone: row.time_zone,
    delivery: row.delivery,
    deliveryError: row.delivery_error,
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at,
    createdAt: row.created_at,
  }
}
