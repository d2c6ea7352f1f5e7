/** The devices API's shapes as the console uses them (docs/api.md "Devices"). */

export type PolicyMode = 'connect' | 'ask-then-connect' | 'always-ask'

export type AccessPolicy =
  | { readonly mode: 'connect' }
  | { readonly mode: 'ask-then-connect'; readonly askSeconds: number }
  | { readonly mode: 'always-ask' }

export type DeviceStatus = 'online' | 'offline' | 'revoked'

export interface Device {
  readonly id: string
  readonly name: string
  readonly group: string | null
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string }
  readonly agentVersion: string
  readonly status: DeviceStatus
  readonly lastSeenAt: string | null
  readonly enrolledAt: string
  readonly revokedAt: string | null
  readonly policyOverride: AccessPolicy | null
  readonly effectivePolicy: AccessPolicy
}

export interface DeviceList {
  readonly devices: readonly Device[]
  readonly groups: readonly string[]
  readonly policy: AccessPolicy
  readonly onlineSeconds: number
}

export type TokenStatus = 'unused' | 'used' | 'expired' | 'revoked'

export interface EnrolmentToken {
  readonly id: string
  readonly label: string | null
  readonly group: string | null
  readonly createdBy: { readonly id: string; readonly displayName: string | null }
  readonly createdAt: string
  readonly expiresAt: string
  readonly status: TokenStatus
  readonly usedAt: string | null
  readonly usedBy: { readonly id: string; readonly name: string | null } | null
  readonly revokedAt: string | null
}

export interface CreatedEnrolmentToken {
  readonly enrolmentToken: EnrolmentToken
  readonly token: string
  readonly command: string
}

export const ASK_SECONDS_MIN = 5
export const ASK_SECONDS_MAX = 300
export const NAME_MAX_LENGTH = 100
