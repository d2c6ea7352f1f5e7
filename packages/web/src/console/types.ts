/** The API's shapes as the console uses them (docs/api.md). */

export type Role = 'admin' | 'operator'

export interface Operator {
  readonly id: string
  readonly displayName: string
  readonly email: string
  readonly role: Role
  readonly totpEnabled: boolean
  readonly disabled: boolean
  readonly hasPassword: boolean
  readonly createdAt: string
}

export interface Tenant {
  readonly id: string
  readonly slug: string
  readonly name: string
  readonly brandColor: string
  readonly logoUrl: string | null
  readonly retentionDays: number
  readonly createdAt: string
}

/** What log-in, set-up, invitation acceptance and `GET /auth/me` answer. */
export interface SignedIn {
  readonly operator: Operator
  readonly tenant: Tenant
  readonly csrfToken: string
}

export const SESSION_STATES = [
  'waiting',
  'connecting',
  'active',
  'ended',
  'expired',
  'cancelled',
] as const
export type SessionState = (typeof SESSION_STATES)[number]

export const SESSION_METHODS = ['code', 'applet', 'email', 'chat', 'unattended'] as const
export type SessionMethod = (typeof SESSION_METHODS)[number]

/** Outcomes the server records in the history; others are shown as the server wrote them. */
export const SESSION_OUTCOMES = [
  'completed',
  'cancelled',
  'expired',
  'declined',
  'not-connected',
  'failed',
] as const

export interface OperatorRef {
  readonly id: string
  readonly displayName: string
}

export interface SupportSession {
  readonly id: string
  readonly code: string
  readonly state: SessionState
  readonly method: SessionMethod
  readonly operator: OperatorRef
  readonly createdAt: string
  readonly expiresAt: string
  readonly redeemedAt: string | null
  readonly startedAt: string | null
  readonly endedAt: string | null
  readonly outcome: string | null
}

export interface HistoryRow {
  readonly id: string
  readonly operator: OperatorRef
  readonly method: SessionMethod
  readonly state: SessionState
  readonly outcome: string | null
  readonly createdAt: string
  readonly startedAt: string | null
  readonly endedAt: string | null
  readonly customerIp: string | null
  readonly operatorIp: string | null
  readonly agentOs: string | null
  /** Unattended sessions: the installed computer's name. */
  readonly deviceName: string | null
}

export interface ApiKey {
  readonly id: string
  readonly name: string
  readonly prefix: string
  readonly createdAt: string
  readonly lastUsedAt: string | null
  readonly revokedAt: string | null
}

export interface Invitation {
  readonly tenantName: string
  readonly displayName: string
  readonly email: string
  readonly expiresAt: string
}
