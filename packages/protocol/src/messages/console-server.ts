/** The conversation between the operator's console and the server (SPEC.md M-rules). */
import { Type, type Static } from '@sinclair/typebox'

import { Id, message, oneOf } from './fields.js'
import { SessionEndReason } from './reasons.js'
import {
  Heartbeat,
  OperatingSystem,
  PeerLeft,
  ServerError,
  SessionEnded,
} from './server-notices.js'

/** Where a session stands, as the console shows it. */
export const SessionState = {
  /** Created; the customer has not connected (or not accepted) yet. */
  Waiting: 'waiting',
  /** The customer accepted; the end-to-end handshake is running. */
  Connecting: 'connecting',
  /** Screen and input are flowing. */
  Active: 'active',
  /** Someone ended it. */
  Ended: 'ended',
  /** Its code or connection expired. */
  Expired: 'expired',
  /** The operator withdrew it before the customer connected. */
  Cancelled: 'cancelled',
} as const
/** A value of {@link SessionState}. */
export type SessionState = (typeof SessionState)[keyof typeof SessionState]

/** The console opens the session it wants to view; the operator's cookie authenticates it. */
export const Join = message('join', { sessionId: Id })

/** The operator ends the session. */
export const ConsoleEnd = message('end', {
  reason: oneOf([
    SessionEndReason.OperatorEnded,
    SessionEndReason.HandshakeFailed,
    SessionEndReason.VerificationMismatch,
    SessionEndReason.Error,
  ]),
})

/** Every message a console may send to the server. */
export const ConsoleToServer = Type.Union([Join, Heartbeat, ConsoleEnd])
/** A message a console sends to the server. */
export type ConsoleToServer = Static<typeof ConsoleToServer>

/** The session's state changed (sent once right after `join`, then on every change). */
export const SessionStateChanged = message('session-state', {
  state: oneOf(Object.values(SessionState)),
})

/** The customer's agent connected and accepted; the end-to-end handshake can start. */
export const AgentJoined = message('peer-joined', { os: OperatingSystem })

/** Every message the server may send to a console. */
export const ServerToConsole = Type.Union([
  SessionStateChanged,
  AgentJoined,
  PeerLeft,
  SessionEnded,
  ServerError,
  Heartbeat,
])
/** A message the server sends to a console. */
export type ServerToConsole = Static<typeof ServerToConsole>
