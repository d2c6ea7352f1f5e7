/**
 * Enrols this computer with the support company's server (POST /api/v1/devices/enrol) using
 * the single-use token the company's admin created, and tells it when the device is removed
 * (POST /api/v1/devices/leave). Both go through the pinned HTTPS of the attended agent.
 * @module
 */
import { arch, platform, release } from 'node:os'

import { postJson } from '../server-api/pinned-request.js'
import { AGENT_VERSION } from './agent-version.js'

export type EnrolFailure =
  | 'unknown-token'
  | 'expired-token'
  | 'revoked-token'
  | 'used-token'
  | 'rate-limited'
  | 'server-error'

export type EnrolResult =
  | { readonly ok: true; readonly deviceId: string; readonly deviceSecret: string }
  | { readonly ok: false; readonly failure: EnrolFailure; readonly message: string | null }

const KNOWN: readonly EnrolFailure[] = [
  'unknown-token',
  'expired-token',
  'revoked-token',
  'used-token',
  'rate-limited',
]

export async function enrolDevice(
  serverUrl: URL,
  token: string,
  name: string,
  fingerprint: string | null,
): Promise<EnrolResult> {
  const response = await postJson(
    new URL('/api/v1/devices/enrol', serverUrl),
    {
      token,
      name,
      os: { platform: platform(), release: release(), arch: arch() },
      agentVersion: AGENT_VERSION,
    },
    fingerprint,
  )
  const body = response.body
  if (response.status === 201 && isRecord(body)) {
    const { deviceId, deviceSecret } = body
    if (
      typeof deviceId === 'string' &&
      typeof deviceSecret === 'string' &&
      /^[A-Za-z0-9_-]{1,64}$/.test(deviceId) &&
      /^[A-Za-z0-9_-]{8,128}$/.test(deviceSecret)
    ) {
      return { ok: true, deviceId, deviceSecret }
    }
  }
  const error = isRecord(body) ? body['error'] : null
  const code = isRecord(error) && typeof error['code'] === 'string' ? error['code'] : null
  const message = isRecord(error) && typeof error['message'] === 'string' ? error['message'] : null
  return { ok: false, failure: KNOWN.find((known) => known === code) ?? 'server-error', message }
}

/** Tells the server this computer left (it is then removed and revoked); true when it agreed. */
export async function leaveServer(
  serverUrl: URL,
  deviceId: string,
  deviceSecret: string,
  fingerprint: string | null,
): Promise<boolean> {
  const response = await postJson(new URL('/api/v1/devices/leave', serverUrl), {}, fingerprint, {
    authorization: `Device ${deviceId}.${deviceSecret}`,
  })
  return response.status === 204 || response.status === 200
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
