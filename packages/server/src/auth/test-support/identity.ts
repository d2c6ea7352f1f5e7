/** Shapes of the identity answers and small helpers shared by the identity route tests. */
import type { LightMyRequestResponse as InjectedResponse } from 'fastify'

import { createPasswordHasher } from '../passwords.js'

export interface ErrorJson {
  readonly error: {
    readonly code: string
    readonly message: string
    readonly details?: {
      readonly field?: string
      readonly retryAfterSeconds?: number
      readonly [key: string]: unknown
    }
  }
}

export interface OperatorJson {
  readonly id: string
  readonly displayName: string
  readonly email: string
  readonly role: 'admin' | 'operator'
  readonly totpEnabled: boolean
  readonly disabled: boolean
  readonly hasPassword: boolean
  readonly createdAt: string
}

export interface TenantJson {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly brandColor: string
  readonly logoUrl: string | null
  readonly retentionDays: number
  readonly createdAt: string
}

export interface AuthJson {
  readonly operator: OperatorJson
  readonly tenant: TenantJson
  readonly csrfToken: string | null
}

export interface InvitedJson {
  readonly operator: OperatorJson
  readonly invitationUrl: string
  readonly expiresAt: string
  readonly mailed: boolean
  readonly mailError?: string
}

export interface ApiKeyJson {
  readonly id: string
  readonly name: string
  readonly prefix: string
  readonly createdAt: string
  readonly lastUsedAt: string | null
  readonly revokedAt: string | null
}

export interface CreatedApiKeyJson {
  readonly apiKey: ApiKeyJson
  readonly secret: string
}

export function errorOf(response: InjectedResponse): ErrorJson['error'] {
  return response.json<ErrorJson>().error
}

/** The session cookie a response sets, as a request `cookie` header. */
export function cookieOf(response: InjectedResponse): string {
  const cookie = response.cookies.find((c) => c.name === 'tasuke_session')
  if (cookie === undefined) throw new Error('no session cookie set')
  return `tasuke_session=${cookie.value}`
}

/** Console headers (cookie and CSRF token) from a log-in answer. */
export function sessionHeaders(response: InjectedResponse): {
  cookie: string
  'x-csrf-token': string
} {
  const { csrfToken } = response.json<AuthJson>()
  if (csrfToken === null) throw new Error('no CSRF token in the answer')
  return { cookie: cookieOf(response), 'x-csrf-token': csrfToken }
}

/** The token at the end of an invitation URL. */
export function invitationToken(invitationUrl: string): string {
  const token = /\/invite\/([A-Za-z0-9_-]+)$/.exec(invitationUrl)?.[1]
  if (token === undefined) throw new Error(`not an invitation URL: ${invitationUrl}`)
  return token
}

/** Cheap argon2id parameters for stored test hashes; verification reads them from the hash. */
export const cheapHasher = createPasswordHasher({
  memoryCostKiB: 1024,
  timeCost: 1,
  parallelism: 1,
})
