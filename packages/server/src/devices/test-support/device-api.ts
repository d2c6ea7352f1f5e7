/** Calls of the devices routes for route tests, as the console and as an installed agent. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

export const OS = { platform: 'linux', release: '6.1.0-test', arch: 'x64' } as const

export interface CreatedTokenJson {
  readonly enrolmentToken: {
    readonly id: string
    readonly status: string
    readonly label: string | null
    readonly group: string | null
    readonly expiresAt: string
    readonly createdBy: { readonly id: string; readonly displayName: string | null }
    readonly usedBy: { readonly id: string; readonly name: string | null } | null
  }
  readonly token: string
  readonly command: string
}

export interface EnrolledJson {
  readonly deviceId: string
  readonly deviceSecret: string
}

export interface PolicyJson {
  readonly mode: 'connect' | 'ask-then-connect' | 'always-ask'
  readonly askSeconds?: number
}

export interface DeviceJson {
  readonly id: string
  readonly name: string
  readonly group: string | null
  readonly os: { readonly platform: string; readonly release: string; readonly arch: string }
  readonly agentVersion: string
  readonly status: 'online' | 'offline' | 'revoked'
  readonly lastSeenAt: string | null
  readonly enrolledAt: string
  readonly revokedAt: string | null
  readonly policyOverride: PolicyJson | null
  readonly effectivePolicy: PolicyJson
}

export interface DeviceListJson {
  readonly devices: DeviceJson[]
  readonly groups: string[]
  readonly policy: PolicyJson
  readonly onlineSeconds: number
}

type Headers = Record<string, string>

export function deviceApi(app: FastifyInstance) {
  return {
    createToken: (headers: Headers, payload: unknown = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/enrolment-tokens',
        headers,
        payload: payload as object,
      }),
    listTokens: (headers: Headers) =>
      app.inject({ method: 'GET', url: '/api/v1/enrolment-tokens', headers }),
    revokeToken: (headers: Headers, id: string) =>
      app.inject({ method: 'DELETE', url: `/api/v1/enrolment-tokens/${id}`, headers }),
    enrol: (payload: unknown, remoteAddress = '203.0.113.7'): Promise<LightMyRequestResponse> =>
      app.inject({
        method: 'POST',
        url: '/api/v1/devices/enrol',
        payload: payload as object,
        remoteAddress,
      }),
    heartbeat: (authorization: string | undefined, payload: unknown = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/devices/heartbeat',
        headers: authorization === undefined ? {} : { authorization },
        payload: payload as object,
      }),
    list: (headers: Headers, query = '') =>
      app.inject({ method: 'GET', url: `/api/v1/devices${query}`, headers }),
    patch: (headers: Headers, id: string, payload: unknown) =>
      app.inject({
        method: 'PATCH',
        url: `/api/v1/devices/${id}`,
        headers,
        payload: payload as object,
      }),
    revoke: (headers: Headers, id: string) =>
      app.inject({ method: 'DELETE', url: `/api/v1/devices/${id}`, headers }),
    getPolicy: (headers: Headers) =>
      app.inject({ method: 'GET', url: '/api/v1/device-policy', headers }),
    putPolicy: (headers: Headers, policy: unknown) =>
      app.inject({ method: 'PUT', url: '/api/v1/device-policy', headers, payload: { policy } }),
  }
}

export function enrolment(token: string, name = 'Reception PC') {
  return { token, name, os: OS, agentVersion: '0.1.0' }
}

export function deviceAuthorization(enrolled: EnrolledJson): string {
  return `Device ${enrolled.deviceId}.${enrolled.deviceSecret}`
}
