/**
 * What the relay needs from the sessions feature, as a port: session-gate.ts implements it
 * with the sessions rules and the store, tests with a few lines of memory.
 */
import type { SessionEndReason } from '@tasuke/protocol'

import type { Viewer } from '../sessions/sessions.js'
import type { SessionOutcome } from '../sessions/session-state.js'
import type { SessionState } from '../store/schema.js'

export interface AgentSession {
  readonly id: string
  readonly tenantId: string
  readonly state: SessionState
  readonly tenantName: string
  readonly operatorName: string
  /** An installed device's session: its computer may restart and come back (SPEC.md D5). */
  readonly isInstalled: boolean
}

export interface RelaySessions {
  /** The session whose agent token this is (any state), or null. */
  findByAgentToken(agentToken: string): Promise<AgentSession | null>
  /** The session if this operator may view it (own, or admin of its tenant), or null. */
  findForConsole(viewer: Viewer, sessionId: string): Promise<{ state: SessionState } | null>
  /** Consent given: connecting → active (started_at). False when the session moved on. */
  markActive(sessionId: string): Promise<boolean>
  /** The session is over (ended_at, outcome, agent OS). False when it was over already. */
  markEnded(sessionId: string, outcome: SessionOutcome, agentOs: string | null): Promise<boolean>
}

/** How the history records a session that ended for `reason`. */
export function outcomeFor(reason: SessionEndReason, consented: boolean): SessionOutcome {
  switch (reason) {
    case 'consent-declined':
      return 'declined'
    case 'customer-ended':
      return consented ? 'completed' : 'declined'
    case 'operator-ended':
      return consented ? 'completed' : 'cancelled'
    case 'expired':
      return 'expired'
    case 'connection-lost':
    case 'handshake-failed':
    case 'verification-mismatch':
    case 'error':
    case 'device-revoked':
      return 'failed'
    case 'device-busy':
    case 'no-display':
      return 'not-connected'
  }
}
