/**
 * What the server says about this installed computer (GET /api/v1/devices/self, asked with
 * the device's own credential over the pinned HTTPS): its company, name, group, policy and
 * last unattended sessions, for `tasuke-agent status` and the "About this computer" page.
 * The answer is checked field by field; anything unexpected is refused, never shown.
 * @module
 */
import type { AccessPolicy } from '@tasuke/protocol'

import { getJson, ServerUnreachableError } from '../server-api/pinned-request.js'
import { ConfigError, parsePolicy } from './device-config.js'

/** What a finished session is recorded as (server SessionOutcome); `other`: a newer word. */
export type SessionOutcomeName =
  'completed' | 'declined' | 'not-connected' | 'failed' | 'cancelled' | 'expired' | 'other'

const OUTCOMES: readonly SessionOutcomeName[] = [
  'completed',
  'declined',
  'not-connected',
  'failed',
  'cancelled',
  'expired',
]

export interface DeviceSessionInfo {
  readonly sessionId: string
  readonly operatorName: string
  readonly startedAt: Date
  readonly endedAt: Date | null
  /** Null while the session runs. */
  readonly outcome: SessionOutcomeName | null
}

export interface DeviceInfo {
  readonly deviceName: string
  readonly tenantName: string
  readonly group: string | null
  readonly policy: AccessPolicy
  readonly enrolledAt: Date
  /** Newest first. */
  readonly sessions: readonly DeviceSessionInfo[]
}

/** Why the facts are not available, for people. */
export type DeviceInfoProblem =
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'revoked' }
  | { readonly kind: 'unknown-device' }
  | { readonly kind: 'bad-answer'; readonly detail: string }

export type DeviceInfoResult =
  | { readonly ok: true; readonly info: DeviceInfo }
  | { readonly ok: false; readonly problem: DeviceInfoProblem }

export interface DeviceCredentials {
  readonly serverUrl: URL
  readonly fingerprint: string | null
  readonly deviceId: string
  readonly deviceSecret: string
}

/** The longest list taken (the server sends at most 20). */
const MAX_SESSIONS = 100
const MAX_NAME_LENGTH = 200
// Control characters (terminal escapes), line and bidirectional-override characters would let
// a name rewrite what `status` prints or reorder what the page shows.
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

/** Asks the server; never throws for a server that is away or answers nonsense. */
export async function fetchDeviceInfo(credentials: DeviceCredentials): Promise<DeviceInfoResult> {
  let response
  try {
    response = await getJson(
      new URL('/api/v1/devices/self', credentials.serverUrl),
      credentials.fingerprint,
      { authorization: `Device ${credentials.deviceId}.${credentials.deviceSecret}` },
    )
  } catch (error) {
    if (!(error instanceof ServerUnreachableError)) throw error
    return { ok: false, problem: { kind: 'unreachable', detail: error.message } }
  }
  if (response.status === 401) {
    const code = errorCode(response.body)
    return {
      ok: false,
      problem: { kind: code === 'revoked-device' ? 'revoked' : 'unknown-device' },
    }
  }
  if (response.status !== 200) {
    return {
      ok: false,
      problem: { kind: 'bad-answer', detail: `the server answered ${response.status}` },
    }
  }
  try {
    return { ok: true, info: parseDeviceInfo(response.body) }
  } catch (error) {
    if (!(error instanceof DeviceInfoError)) throw error
    return { ok: false, problem: { kind: 'bad-answer', detail: error.message } }
  }
}

export class DeviceInfoError extends Error {
  override readonly name = 'DeviceInfoError'
}

/** Checks the server's JSON; throws DeviceInfoError naming the first thing wrong. */
export function parseDeviceInfo(value: unknown): DeviceInfo {
  const body = record(value, 'the answer')
  const sessions = body['sessions']
  if (!Array.isArray(sessions)) throw new DeviceInfoError('sessions is not a list')
  if (sessions.length > MAX_SESSIONS) throw new DeviceInfoError('sessions is too long')
  let policy: AccessPolicy
  try {
    policy = parsePolicy(body['policy'])
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    throw new DeviceInfoError('policy is not an access policy')
  }
  return {
    deviceName: text(body, 'deviceName'),
    tenantName: text(body, 'tenantName'),
    group: body['group'] === null ? null : text(body, 'group'),
    policy,
    enrolledAt: time(body, 'enrolledAt'),
    sessions: sessions.map((entry: unknown, index) => parseSession(entry, index)),
  }
}

function parseSession(value: unknown, index: number): DeviceSessionInfo {
  const entry = record(value, `sessions[${index}]`)
  const outcome = entry['outcome']
  if (outcome !== null && typeof outcome !== 'string') {
    throw new DeviceInfoError(`sessions[${index}].outcome is not text`)
  }
  return {
    sessionId: text(entry, 'sessionId'),
    operatorName: text(entry, 'operatorName'),
    startedAt: time(entry, 'startedAt'),
    endedAt: entry['endedAt'] === null ? null : time(entry, 'endedAt'),
    outcome: outcome === null ? null : (OUTCOMES.find((known) => known === outcome) ?? 'other'),
  }
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DeviceInfoError(`${what} is not an object`)
  }
  return value as Record<string, unknown>
}

function text(value: Record<string, unknown>, field: string): string {
  const found = value[field]
  if (typeof found !== 'string' || found.length === 0 || found.length > MAX_NAME_LENGTH) {
    throw new DeviceInfoError(`${field} is not a name`)
  }
  if (UNSAFE_TEXT.test(found)) throw new DeviceInfoError(`${field} holds control characters`)
  return found
}

function time(value: Record<string, unknown>, field: string): Date {
  const found = value[field]
  const date = typeof found === 'string' && ISO_TIME.test(found) ? new Date(found) : null
  if (date === null || Number.isNaN(date.getTime())) {
    throw new DeviceInfoError(`${field} is not a time`)
  }
  return date
}

function errorCode(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null
  const error = (body as Record<string, unknown>)['error']
  if (typeof error !== 'object' || error === null) return null
  const code = (error as Record<string, unknown>)['code']
  return typeof code === 'string' ? code : null
}
