/**
 * The conversation between an installed agent (a device enrolled for unattended access,
 * DESIGN.md S9) and the server on `/ws/device` (SPEC.md D-rules). The device keeps this socket
 * open while it runs; a connection to a session then goes over the usual agent socket with
 * the `agentToken` the server hands out in `connect-request`.
 * @module
 */
import { Type, type Static } from '@sinclair/typebox'

import { DisplayName, Id, message, oneOf } from './fields.js'
import { Heartbeat, OperatingSystem, ServerError } from './server-notices.js'

/** The least and most seconds an `ask-then-connect` policy waits for the customer. */
export const ASK_SECONDS_MIN = 5
export const ASK_SECONDS_MAX = 300

/**
 * What the customer's computer does when an operator connects without a session number:
 * connect at once, ask and connect if nobody answers within `askSeconds`, or always ask
 * (nobody answering means no).
 */
export const AccessPolicy = Type.Union([
  Type.Object({ mode: Type.Literal('connect') }, { additionalProperties: false }),
  Type.Object(
    {
      mode: Type.Literal('ask-then-connect'),
      askSeconds: Type.Integer({ minimum: ASK_SECONDS_MIN, maximum: ASK_SECONDS_MAX }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ mode: Type.Literal('always-ask') }, { additionalProperties: false }),
])
/** An unattended-access policy. */
export type AccessPolicy = Static<typeof AccessPolicy>

/** The secret an installed device got at enrolment (`tsd_` and base64url). */
const DeviceSecret = Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' })

/** The device's first message: its credentials (never in the URL) and what it runs on. */
export const DeviceHello = message('device-hello', {
  protocolVersion: Type.Integer({ minimum: 1, maximum: 65_535 }),
  deviceId: Id,
  deviceSecret: DeviceSecret,
  agentVersion: Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$' }),
  os: OperatingSystem,
})

/**
 * The device could not take a connection request: another session runs, there is no
 * display to show, or the customer's own policy refused it.
 */
export const ConnectRefused = message('connect-refused', {
  sessionId: Id,
  reason: oneOf(['busy', 'no-display', 'refused-by-policy', 'error']),
})

/**
 * The device's agent socket of a live session dropped (or the device restarted): it asks for
 * a fresh agent token for that session, answered with a `connect-request` with `resume`.
 */
export const SessionResume = message('session-resume', { sessionId: Id })

/** Every message a device may send to the server. */
export const DeviceToServer = Type.Union([DeviceHello, Heartbeat, ConnectRefused, SessionResume])
/** A message a device sends to the server. */
export type DeviceToServer = Static<typeof DeviceToServer>

/** The server accepted the device: its name and company as the console shows them, and its policy. */
export const DeviceWelcome = message('device-welcome', {
  deviceName: DisplayName,
  tenantName: DisplayName,
  policy: AccessPolicy,
})

/** The policy that applies to the device changed (an admin edited it). */
export const PolicyChanged = message('policy-changed', { policy: AccessPolicy })

/**
 * An operator connects: the device opens the agent socket for `sessionId` with `agentToken`
 * (single use, valid for a short time) and handles consent by `policy`, the policy that
 * applied when the operator clicked. With `resume` the session is one the customer's computer
 * already accepted (its agent socket dropped, or the computer restarted, SPEC.md D5): the
 * device rejoins it with the fresh token without asking again.
 */
export const ConnectRequest = message('connect-request', {
  sessionId: Id,
  agentToken: Type.String({ minLength: 1, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' }),
  operatorName: DisplayName,
  policy: AccessPolicy,
  resume: Type.Optional(Type.Boolean()),
})

/** Every message the server may send to a device. */
export const ServerToDevice = Type.Union([
  DeviceWelcome,
  PolicyChanged,
  ConnectRequest,
  ServerError,
  Heartbeat,
])
/** A message the server sends to a device. */
export type ServerToDevice = Static<typeof ServerToDevice>
