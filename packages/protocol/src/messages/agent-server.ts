/** The conversation between the agent (customer's program) and the server (SPEC.md M-rules). */
import { Type, type Static } from '@sinclair/typebox'

import { DisplayName, Id, message, oneOf } from './fields.js'
import { SessionEndReason } from './reasons.js'
import {
  Heartbeat,
  OperatingSystem,
  PeerLeft,
  ServerError,
  SessionEnded,
} from './server-notices.js'

/** The agent's first message on its socket: who it is and what it runs on. */
export const AgentHello = message('hello', {
  protocolVersion: Type.Integer({ minimum: 1, maximum: 65_535 }),
  /** The token the agent got when the code was redeemed (or when it was installed). */
  agentToken: Type.String({ minLength: 1, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' }),
  os: OperatingSystem,
})

/** The customer clicked 承諾 (Accept) in the agent's own consent view. */
export const ConsentGranted = message('consent-granted', {})

/** The customer declined (or closed) the consent view. */
export const ConsentDeclined = message('consent-declined', {})

/** The agent ends the session (the customer cancelled, or the agent failed). */
export const AgentEnd = message('end', {
  reason: oneOf([
    SessionEndReason.CustomerEnded,
    SessionEndReason.HandshakeFailed,
    SessionEndReason.VerificationMismatch,
    SessionEndReason.Error,
  ]),
})

/**
 * The customer's computer is about to restart at the operator's request (an installed agent
 * only, SPEC.md D5): when this socket goes, the relay keeps the session until the computer is
 * back, and tells the console `peer-left` with reason `restarting`.
 */
export const AgentRestarting = message('restarting', {})

/** Every message an agent may send to the server. */
export const AgentToServer = Type.Union([
  AgentHello,
  ConsentGranted,
  ConsentDeclined,
  Heartbeat,
  AgentEnd,
  AgentRestarting,
])
/** A message an agent sends to the server. */
export type AgentToServer = Static<typeof AgentToServer>

/**
 * The server accepted the agent's `hello`: who wants to connect. The agent shows this in its
 * consent view, never anything the server sends as free text.
 */
export const Welcome = message('welcome', {
  session: Type.Object(
    {
      id: Id,
      /** The support company as its tenant record names it. */
      tenantName: DisplayName,
      /** The company's domain, present only once the server has verified it. */
      tenantDomain: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
      operatorName: DisplayName,
    },
    { additionalProperties: false },
  ),
})

/** The operator's console joined the session; the end-to-end handshake can start. */
export const ConsoleJoined = message('peer-joined', {})

/** Every message the server may send to an agent. */
export const ServerToAgent = Type.Union([
  Welcome,
  ConsoleJoined,
  PeerLeft,
  SessionEnded,
  ServerError,
  Heartbeat,
])
/** A message the server sends to an agent. */
export type ServerToAgent = Static<typeof ServerToAgent>
