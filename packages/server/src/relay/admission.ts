/**
 * Who may join a session's relay: the agent by its `hello` and token, the console by its
 * operator and origin. Pure verdicts (the relay closes the socket with the refusal's code).
 */
import {
  AgentToServer,
  CloseCode,
  ErrorCode,
  checkProtocolVersion,
  parseMessage,
  type MessageOf,
} from '@tasuke/protocol'

import type { Viewer } from '../sessions/sessions.js'
import type { SessionState } from '../store/schema.js'
import type { AgentSession, RelaySessions } from './sessions-port.js'

/** Why a socket is turned away: its close code, reason, and the `error` it gets first. */
export interface Refusal {
  readonly ok: false
  readonly code: CloseCode
  readonly reason: string
  readonly error?: ErrorCode
}

type AgentHello = MessageOf<AgentToServer, 'hello'>

export type AgentAdmission =
  { readonly ok: true; readonly session: AgentSession; readonly hello: AgentHello } | Refusal

/** What a console presents when it opens its socket. */
export interface ConsoleAccess {
  /** The logged-in operator, or null without a valid cookie. */
  readonly viewer: Viewer | null
  /** Whether the Origin header is the server's own (no cross-site WebSocket hijacking). */
  readonly sameOrigin: boolean
  readonly sessionId: string
}

export type ConsoleAdmission =
  { readonly ok: true; readonly state: 'waiting' | 'connecting' | 'active' } | Refusal

const refuse = (code: CloseCode, reason: string, error?: ErrorCode): Refusal =>
  error === undefined ? { ok: false, code, reason } : { ok: false, code, reason, error }

export async function admitAgent(sessions: RelaySessions, text: string): Promise<AgentAdmission> {
  const parsed = parseMessage(AgentToServer, text)
  if (!parsed.ok || parsed.message.type !== 'hello') {
    const detail = parsed.ok ? 'the first message must be hello' : parsed.error.message
    return refuse(CloseCode.ProtocolError, detail, ErrorCode.InvalidMessage)
  }
  const hello = parsed.message
  const incompatible = checkProtocolVersion(hello.protocolVersion)
  if (incompatible !== undefined) {
    return refuse(CloseCode.IncompatibleVersion, incompatible, incompatible)
  }
  const session = await sessions.findByAgentToken(hello.agentToken)
  if (session === null) {
    return refuse(CloseCode.Unauthorized, 'unknown agent token', ErrorCode.Unauthorized)
  }
  if (session.state !== 'connecting' && session.state !== 'active') {
    return refusalForState(session.state)
  }
  return { ok: true, session, hello }
}

export async function admitConsole(
  sessions: RelaySessions,
  access: ConsoleAccess,
): Promise<ConsoleAdmission> {
  if (!access.sameOrigin) return refuse(CloseCode.Forbidden, 'cross-origin', ErrorCode.Forbidden)
  if (access.viewer === null) {
    return refuse(CloseCode.Unauthorized, 'log in first', ErrorCode.Unauthorized)
  }
  const session = await sessions.findForConsole(access.viewer, access.sessionId)
  // Another tenant's session, or a colleague's, looks like none at all.
  if (session === null) {
    return refuse(CloseCode.SessionNotFound, 'no such session', ErrorCode.SessionNotFound)
  }
  const { state } = session
  if (state === 'waiting' || state === 'connecting' || state === 'active')
    return { ok: true, state }
  return refusalForState(state)
}

function refusalForState(state: SessionState): Refusal {
  return state === 'expired'
    ? refuse(CloseCode.SessionExpired, 'session expired', ErrorCode.SessionExpired)
    : refuse(CloseCode.SessionEnded, `session ${state}`)
}
