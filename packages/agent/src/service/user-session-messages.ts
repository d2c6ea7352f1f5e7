/**
 * What the installed service and the session it starts as the desktop's user (a child process
 * of the same program, `session-as-user`) tell each other over the child's IPC channel. Each
 * side checks what it receives: the child runs as that user, who may tamper with it, and it
 * asks the service (root) for nothing but a token for its own session, to mark it accepted, or
 * to restart the computer — what the operator may ask of the session anyway.
 * @module
 */
import { type AccessPolicy, parseMessage, ServerToDevice } from '@tasuke/protocol'

import type { InstalledNote } from '../consent-ui/consent-state.js'
import type { Language } from '../i18n/messages.js'
import type { ConnectRequest } from './device-service.js'

/** What the child needs to run the session, sent once, first. */
export interface RunSessionMessage {
  readonly type: 'run'
  readonly request: ConnectRequest
  readonly policy: AccessPolicy
  readonly isResumed: boolean
  readonly serverUrl: string
  readonly fingerprint: string | null
  readonly language: Language
  readonly openBrowser: boolean
  readonly installedNote: InstalledNote | null
}

/** Service → session. */
export type ServiceToSession =
  RunSessionMessage | { readonly type: 'token'; readonly token: string | null }

/** Session → service; `over` once the session ended (its window still shows a moment). */
export type SessionToService =
  | { readonly type: 'accepted' }
  | { readonly type: 'next-token' }
  | { readonly type: 'restart-computer' }
  | { readonly type: 'over' }

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** What the service accepts from the session; null for anything else. */
export function parseSessionToService(value: unknown): SessionToService | null {
  if (!isObject(value) || Object.keys(value).length !== 1) return null
  switch (value['type']) {
    case 'accepted':
      return { type: 'accepted' }
    case 'next-token':
      return { type: 'next-token' }
    case 'restart-computer':
      return { type: 'restart-computer' }
    case 'over':
      return { type: 'over' }
    default:
      return null
  }
}

/** What the session accepts from the service; null for anything else. */
export function parseServiceToSession(value: unknown): ServiceToSession | null {
  if (!isObject(value)) return null
  if (value['type'] === 'token') {
    const { token } = value
    return (typeof token === 'string' && token.length > 0 && token.length <= 200) || token === null
      ? { type: 'token', token }
      : null
  }
  if (value['type'] !== 'run') return null
  const request = parseMessage(ServerToDevice, JSON.stringify(value['request'] ?? null))
  if (!request.ok || request.message.type !== 'connect-request') return null
  const policy = parseMessage(
    ServerToDevice,
    JSON.stringify({ type: 'policy-changed', policy: value['policy'] ?? null }),
  )
  if (!policy.ok || policy.message.type !== 'policy-changed') return null
  const { isResumed, serverUrl, fingerprint, language, openBrowser, installedNote } = value
  if (typeof isResumed !== 'boolean' || typeof openBrowser !== 'boolean') return null
  if (typeof serverUrl !== 'string' || !URL.canParse(serverUrl)) return null
  if (fingerprint !== null && typeof fingerprint !== 'string') return null
  if (language !== 'ja' && language !== 'en') return null
  const note = parseNote(installedNote)
  if (note === undefined) return null
  return {
    type: 'run',
    request: request.message,
    policy: policy.message.policy,
    isResumed,
    serverUrl,
    fingerprint,
    language,
    openBrowser,
    installedNote: note,
  }
}

function parseNote(value: unknown): InstalledNote | null | undefined {
  if (value === null) return null
  if (!isObject(value)) return undefined
  const { companyName, historyUrl } = value
  return typeof companyName === 'string' && typeof historyUrl === 'string'
    ? { companyName, historyUrl }
    : undefined
}
