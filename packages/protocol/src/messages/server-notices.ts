/** Messages the server sends to both the agent and the console, and the shared heartbeat. */
import { Type } from '@sinclair/typebox'

import { HumanText, message, oneOf } from './fields.js'
import { ErrorCode, PeerLeftReason, SessionEndReason } from './reasons.js'

/** Keeps an idle socket alive; each side sends one every few seconds and expects the same. */
export const Heartbeat = message('heartbeat', {})

/** The other peer's connection went away; the session waits for it within the grace period. */
export const PeerLeft = message('peer-left', {
  reason: oneOf(Object.values(PeerLeftReason)),
})

/** The session is over; the server closes the socket next. */
export const SessionEnded = message('session-ended', {
  reason: oneOf(Object.values(SessionEndReason)),
})

/** Something the client sent or asked for failed; `message` is for people, `code` for code. */
export const ServerError = message('error', {
  code: oneOf(Object.values(ErrorCode)),
  message: HumanText,
})

/** The operating system an agent runs on, as it reports it. */
export const OperatingSystem = Type.Object(
  {
    /** Node's `process.platform`, e.g. `linux`, `win32`, `darwin`. */
    platform: Type.String({ minLength: 1, maxLength: 32 }),
    /** The OS release, e.g. `6.1.0-18-amd64` or `10.0.22631`. */
    release: Type.String({ maxLength: 128 }),
    /** Node's `process.arch`, e.g. `x64`, `arm64`. */
    arch: Type.String({ minLength: 1, maxLength: 32 }),
  },
  { additionalProperties: false },
)
