/**
 * A relay on memory sockets, a manual scheduler and sessions kept in a Map: what the relay's
 * unit tests drive. Every wait is for promises to settle, never for time to pass.
 */
import { FrameKind, PROTOCOL_VERSION, encodeFrame } from '@tasuke/protocol'

import { createLocalCluster, createLocalHub, type LocalHub } from '../../cluster/local.js'
import type { Viewer } from '../../sessions/sessions.js'
import type { SessionOutcome } from '../../sessions/session-state.js'
import type { SessionState } from '../../store/schema.js'
import { createMemorySocketPair, type MemoryPeer } from '../memory-socket.js'
import type { RelayOptions } from '../options.js'
import { Relay } from '../relay.js'
import { manualScheduler } from '../scheduler.js'
import type { RelaySessions } from '../sessions-port.js'

export const AGENT_OS = { platform: 'linux', release: '6.1.0', arch: 'x64' }

export const TEST_OPTIONS: RelayOptions = {
  windowBytes: 64 * 1024,
  lowWaterBytes: 16 * 1024,
  heartbeatMs: 1000,
  missedHeartbeats: 3,
  graceMs: 30_000,
  restartGraceMs: 600_000,
}

export interface FakeSession {
  id: string
  tenantId: string
  operatorId: string
  state: SessionState
  agentToken: string
  outcome: SessionOutcome | null
  agentOs: string | null
  /** An installed device's session (may restart, SPEC.md D5). */
  isInstalled?: boolean
}

export const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

export function frame(size: number, options: { droppable?: boolean; sequence?: number } = {}) {
  const payload = new Uint8Array(size)
  for (let index = 0; index < size; index += 1) payload[index] = (index * 7 + size) % 256
  return encodeFrame({
    kind: FrameKind.Message,
    isDroppable: options.droppable ?? false,
    sequence: options.sequence ?? 0,
    payload,
  })
}

export function createRelayFixture(
  options: Partial<RelayOptions> = {},
  hub: LocalHub = createLocalHub(),
) {
  const scheduler = manualScheduler()
  const sessions = new Map<string, FakeSession>()
  const port: RelaySessions = {
    findByAgentToken: (token) => {
      const found = [...sessions.values()].find((session) => session.agentToken === token)
      return Promise.resolve(
        found === undefined
          ? null
          : {
              ...found,
              tenantName: 'Support Co.',
              operatorName: 'Operator One',
              isInstalled: found.isInstalled === true,
            },
      )
    },
    findForConsole: (viewer, id) => {
      const found = sessions.get(id)
      const visible =
        found !== undefined &&
        found.tenantId === viewer.tenantId &&
        (viewer.role === 'admin' || found.operatorId === viewer.operatorId)
      return Promise.resolve(visible ? { state: found.state } : null)
    },
    markActive: (id) => {
      const found = sessions.get(id)
      if (found?.state !== 'connecting') return Promise.resolve(false)
      found.state = 'active'
      return Promise.resolve(true)
    },
    markEnded: (id, outcome, agentOs) => {
      const found = sessions.get(id)
      if (found === undefined || (found.state !== 'connecting' && found.state !== 'active')) {
        return Promise.resolve(false)
      }
      Object.assign(found, { state: 'ended', outcome, agentOs })
      return Promise.resolve(true)
    },
  }
  const cluster = createLocalCluster(hub, 'node-test')
  const relay = new Relay({
    sessions: port,
    cluster,
    scheduler,
    options: { ...TEST_OPTIONS, ...options },
  })

  const operator: Viewer = { tenantId: 'tenant-a', operatorId: 'op-1', role: 'operator' }

  function addSession(id = 's1', state: SessionState = 'connecting'): FakeSession {
    const session: FakeSession = {
      id,
      tenantId: 'tenant-a',
      operatorId: 'op-1',
      state,
      agentToken: `token-${id}`,
      outcome: null,
      agentOs: null,
    }
    sessions.set(id, session)
    return session
  }

  async function connectAgent(token: string, hello: Record<string, unknown> = {}) {
    const pair = createMemorySocketPair()
    pair.attach(relay.acceptAgent(pair.socket))
    pair.peer.sendJson({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      agentToken: token,
      os: AGENT_OS,
      ...hello,
    })
    await settle()
    return pair.peer
  }

  async function connectConsole(
    sessionId = 's1',
    access: { viewer?: Viewer | null; sameOrigin?: boolean } = {},
  ): Promise<MemoryPeer> {
    const pair = createMemorySocketPair()
    pair.attach(
      relay.acceptConsole(pair.socket, {
        viewer: access.viewer === undefined ? operator : access.viewer,
        sameOrigin: access.sameOrigin ?? true,
        sessionId,
      }),
    )
    await settle()
    return pair.peer
  }

  /** Agent and console of session `id`, consent given, handshake-ready. */
  async function pair(id = 's1') {
    const session = sessions.get(id) ?? addSession(id)
    const console = await connectConsole(id)
    const agent = await connectAgent(session.agentToken)
    agent.sendJson({ type: 'consent-granted' })
    await settle()
    return { session, agent, console }
  }

  return {
    relay,
    scheduler,
    cluster,
    /** The store the relay asks; a test may replace a method (a slow database). */
    port,
    sessions,
    operator,
    addSession,
    connectAgent,
    connectConsole,
    pair,
  }
}

/** The `type`s of the JSON messages a memory peer received. */
export function typesOf(peer: MemoryPeer): string[] {
  return peer.messages.map((message) => (message as { type: string }).type)
}
