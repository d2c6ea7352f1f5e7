/**
 * The relay's RelaySessions port on the real store: the sessions feature's rules for the
 * life cycle (markActive, markEnded, getSession) and the relay's own token look-up.
 */
import { admitsDeviceAgent } from '../devices/agent-token.js'
import type { Services } from '../services.js'
import { hashAgentToken } from '../sessions/redeem.js'
import { SessionTransitionError } from '../sessions/session-state.js'
import { getSession, markActive, markEnded } from '../sessions/sessions.js'
import type { RelaySessions } from './sessions-port.js'
import { findSessionByAgentTokenHash } from './store.js'

export function createSessionGate(deps: Pick<Services, 'db' | 'clock'>): RelaySessions {
  const unlessMovedOn = async (work: Promise<void>): Promise<boolean> => {
    try {
      await work
      return true
    } catch (error) {
      if (error instanceof SessionTransitionError) return false
      throw error
    }
  }
  return {
    async findByAgentToken(agentToken) {
      const row = await findSessionByAgentTokenHash(deps.db, hashAgentToken(agentToken))
      if (row === undefined) return null
      // An installed device's token admits one socket, for a short time (SPEC.md D3).
      const verdict = await admitsDeviceAgent(deps, row.id)
      if (verdict === 'refused') return null
      return {
        ...row,
        operatorName: row.operatorName ?? row.tenantName,
        isInstalled: verdict === 'installed',
      }
    },
    async findForConsole(viewer, sessionId) {
      const session = await getSession(deps, viewer, sessionId)
      return session === null ? null : { state: session.state }
    },
    markActive: (sessionId) => unlessMovedOn(markActive(deps, sessionId)),
    markEnded: (sessionId, outcome, agentOs) =>
      unlessMovedOn(markEnded(deps, sessionId, outcome, agentOs === null ? {} : { agentOs })),
  }
}
