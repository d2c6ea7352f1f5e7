/**
 * Who is calling: an operator logged in through the console (cookie session) or a program
 * using one of the tenant's API keys. Routes ask for the principal they need with the guards
 * below; `authenticate.ts` fills `request.principal` before any route runs.
 */
import type { FastifyRequest } from 'fastify'

import { forbidden, unauthorized } from './http-error.js'

export type Role = 'admin' | 'operator'

export interface Principal {
  readonly kind: 'operator-session' | 'api-key'
  readonly operatorId: string
  readonly tenantId: string
  readonly role: Role
  readonly displayName: string
  /** Set for cookie sessions: the hashed session id (for logout) and its CSRF token. */
  readonly webSessionIdHash: string | null
  readonly csrfToken: string | null
  /** Set for API keys. */
  readonly apiKeyId: string | null
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
}

export function requireOperator(request: FastifyRequest): Principal {
  if (request.principal === null) throw unauthorized()
  return request.principal
}

export function requireAdmin(request: FastifyRequest): Principal {
  const principal = requireOperator(request)
  if (principal.role !== 'admin') throw forbidden('Only an administrator can do this.')
  return principal
}
