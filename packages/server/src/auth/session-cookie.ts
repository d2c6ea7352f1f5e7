/**
 * Starting and ending console sessions over HTTP: the cookie side of web-sessions.ts. Shared
 * by log-in, first run and invitation accept; it names only the parts of Fastify's request
 * and reply it uses, so feature rules stay free of the framework.
 */
import { toOperatorView } from '../operators/operators.js'
import type { Services } from '../services.js'
import { getTenant } from '../tenants/tenants.js'
import type { AuthAnswer } from './schemas.js'
import { findOperatorById } from './store.js'
import { SESSION_COOKIE, SESSION_COOKIE_OPTIONS, startWebSession } from './web-sessions.js'

type CookieOptions = Omit<typeof SESSION_COOKIE_OPTIONS, 'maxAge'> & { maxAge?: number }

export interface CookieRequest {
  readonly ip: string
  readonly headers: { readonly 'user-agent'?: string | undefined }
}

export interface CookieReply {
  setCookie(name: string, value: string, options: CookieOptions): unknown
  clearCookie(name: string, options: CookieOptions): unknown
}

/** `{ operator, tenant, csrfToken }` for an operator of a tenant. */
export async function authAnswer(
  services: Services,
  tenantId: string,
  operatorId: string,
  csrfToken: string | null,
): Promise<AuthAnswer> {
  const row = await findOperatorById(services.db, tenantId, operatorId)
  if (row === null) throw new Error('operator vanished while logging in')
  return {
    operator: toOperatorView(services, row),
    tenant: await getTenant(services, tenantId),
    csrfToken,
  }
}

/** Starts a console session for the operator and sets its cookie on the reply. */
export async function logIn(
  services: Services,
  request: CookieRequest,
  reply: CookieReply,
  operator: { readonly id: string; readonly tenantId: string },
): Promise<AuthAnswer> {
  const started = await startWebSession(services, {
    operatorId: operator.id,
    tenantId: operator.tenantId,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  })
  reply.setCookie(SESSION_COOKIE, started.cookieValue, SESSION_COOKIE_OPTIONS)
  return authAnswer(services, operator.tenantId, operator.id, started.csrfToken)
}

export function clearSessionCookie(reply: CookieReply): void {
  const { httpOnly, secure, sameSite, path } = SESSION_COOKIE_OPTIONS
  reply.clearCookie(SESSION_COOKIE, { httpOnly, secure, sameSite, path })
}
