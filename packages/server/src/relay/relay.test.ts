import { CloseCode, ErrorCode, PROTOCOL_VERSION } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { createLocalCluster, createLocalHub } from '../cluster/local.js'
import {
  AGENT_OS,
  createRelayFixture,
  frame,
  settle,
  typesOf,
} from './test-support/relay-fixture.js'

describe('relay: pairing and credentials', () => {
  it('pairs agent and console once the customer consents, and marks the session active', async () => {
    const { addSession, connectAgent, connectConsole, sessions } = createRelayFixture()
    const session = addSession()
    const console = await connectConsole()
    expect(console.messages).toEqual([{ type: 'session-state', state: 'waiting' }])

    const agent = await connectAgent(session.agentToken)
    expect(agent.messages).toEqual([
      {
        type: 'welcome',
        session: { id: 's1', tenantName: 'Support Co.', operatorName: 'Operator One' },
      },
    ])
    expect(typesOf(console)).toEqual(['session-state']) // nothing before consent

    agent.sendJson({ type: 'consent-granted' })
    await settle()
    expect(sessions.get('s1')?.state).toBe('active')
    expect(console.messages.slice(1)).toEqual([
      { type: 'session-state', state: 'connecting' },
      { type: 'peer-joined', os: AGENT_OS },
    ])
    expect(agent.messages.at(-1)).toEqual({ type: 'peer-joined' })
  })

  it('forwards frames both ways, byte for byte, and says active after the first sealed frame', async () => {
    const { pair } = createRelayFixture()
    const { agent, console } = await pair()
    const up = frame(1000, { sequence: 1 })
    const down = frame(300, { sequence: 2 })
    agent.sendBinary(up)
    console.sendBinary(down)
    expect(console.frames).toEqual([up])
    expect(agent.frames).toEqual([down])
    expect(console.messages.at(-1)).toEqual({ type: 'session-state', state: 'active' })
  })

  it('keeps control messages sent before the welcome, and refuses frames sent then', async () => {
    const { addSession, relay, connectConsole, sessions } = createRelayFixture()
    const session = addSession()
    const console = await connectConsole()
    const { createMemorySocketPair } = await import('./memory-socket.js')
    const eager = createMemorySocketPair()
    eager.attach(relay.acceptAgent(eager.socket))
    eager.peer.sendJson({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      agentToken: session.agentToken,
      os: AGENT_OS,
    })
    eager.peer.sendJson({ type: 'consent-granted' })
    await settle()
    expect(sessions.get('s1')?.state).toBe('active')
    expect(typesOf(console)).toContain('peer-joined')

    const hasty = createMemorySocketPair()
    hasty.attach(relay.acceptAgent(hasty.socket))
    hasty.peer.sendJson({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      agentToken: 'x',
      os: AGENT_OS,
    })
    hasty.peer.sendBinary(frame(10))
    expect(hasty.peer.closedWith?.code).toBe(CloseCode.ProtocolError)
  })

  it('refuses an unknown agent token with Unauthorized', async () => {
    const { addSession, connectAgent } = createRelayFixture()
    addSession()
    const agent = await connectAgent('not-a-token')
    expect(agent.closedWith?.code).toBe(CloseCode.Unauthorized)
    expect(agent.messages).toEqual([
      expect.objectContaining({ type: 'error', code: ErrorCode.Unauthorized }),
    ])
  })

  it('refuses another protocol version, a first message other than hello, and an ended session', async () => {
    const { addSession, connectAgent, relay } = createRelayFixture()
    const session = addSession()
    const old = await connectAgent(session.agentToken, { protocolVersion: PROTOCOL_VERSION + 1 })
    expect(old.closedWith?.code).toBe(CloseCode.IncompatibleVersion)
    expect(old.messages).toEqual([expect.objectContaining({ code: 'server-too-old' })])

    const { createMemorySocketPair } = await import('./memory-socket.js')
    const rude = createMemorySocketPair()
    rude.attach(relay.acceptAgent(rude.socket))
    rude.peer.sendJson({ type: 'consent-granted' })
    await settle()
    expect(rude.peer.closedWith?.code).toBe(CloseCode.ProtocolError)

    const garbage = createMemorySocketPair()
    garbage.attach(relay.acceptAgent(garbage.socket))
    garbage.peer.sendBinary(new Uint8Array([1, 2, 3]))
    expect(garbage.peer.closedWith?.code).toBe(CloseCode.ProtocolError)

    session.state = 'ended'
    const late = await connectAgent(session.agentToken)
    expect(late.closedWith?.code).toBe(CloseCode.SessionEnded)
  })

  it('refuses a console from another origin, without a log-in, or of another tenant', async () => {
    const { addSession, connectConsole, operator } = createRelayFixture()
    addSession()
    expect((await connectConsole('s1', { sameOrigin: false })).closedWith?.code).toBe(
      CloseCode.Forbidden,
    )
    expect((await connectConsole('s1', { viewer: null })).closedWith?.code).toBe(
      CloseCode.Unauthorized,
    )
    const stranger = { ...operator, tenantId: 'tenant-b', role: 'admin' as const }
    expect((await connectConsole('s1', { viewer: stranger })).closedWith?.code).toBe(
      CloseCode.SessionNotFound,
    )
    const colleague = { ...operator, operatorId: 'op-2' }
    expect((await connectConsole('s1', { viewer: colleague })).closedWith?.code).toBe(
      CloseCode.SessionNotFound,
    )
    const admin = { ...operator, operatorId: 'op-9', role: 'admin' as const }
    expect((await connectConsole('s1', { viewer: admin })).closedWith).toBeNull()
  })

  it('answers a malformed control message with an error and keeps the socket', async () => {
    const { pair } = createRelayFixture()
    const { agent, console } = await pair()
    console.sendText('{not json')
    agent.sendJson({ type: 'consent-granted', extra: 1 })
    await settle()
    expect(console.messages.at(-1)).toMatchObject({ type: 'error', code: 'invalid-message' })
    expect(agent.messages.at(-1)).toMatchObject({ type: 'error', code: 'invalid-message' })
    expect(console.closedWith).toBeNull()
    expect(agent.closedWith).toBeNull()
  })

  it('closes a peer that sends a broken frame, and ends the session for both', async () => {
    const { pair } = createRelayFixture()
    const { agent, console, session } = await pair()
    const truncated = frame(100).slice(0, 50)
    agent.sendBinary(truncated)
    await settle()
    expect(agent.closedWith?.code).toBe(CloseCode.ProtocolError)
    expect(console.messages.at(-1)).toEqual({ type: 'session-ended', reason: 'error' })
    expect(console.closedWith?.code).toBe(CloseCode.SessionEnded)
    expect(console.frames).toEqual([])
    expect(session.outcome).toBe('failed')
  })

  it('replaces an older connection of the same peer', async () => {
    const { pair, connectConsole } = createRelayFixture()
    const { agent, console } = await pair()
    const second = await connectConsole()
    expect(console.closedWith?.code).toBe(CloseCode.Replaced)
    expect(typesOf(second)).toEqual(['session-state', 'peer-joined'])
    const up = frame(10)
    agent.sendBinary(up)
    expect(second.frames).toEqual([up])
  })

  it('sends a peer away when another node relays its session', async () => {
    const hub = createLocalHub()
    const other = createLocalCluster(hub, 'node-other')
    await other.claimRelay('s1')
    const { addSession, connectConsole } = createRelayFixture({}, hub)
    addSession()
    const console = await connectConsole()
    expect(console.closedWith?.code).toBe(CloseCode.ServerShutdown)
  })
})
