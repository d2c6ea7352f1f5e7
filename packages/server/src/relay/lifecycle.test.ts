import { CloseCode } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import {
  AGENT_OS,
  TEST_OPTIONS,
  createRelayFixture,
  frame,
  settle,
  typesOf,
} from './test-support/relay-fixture.js'

const { heartbeatMs, graceMs } = TEST_OPTIONS

describe('relay: session life cycle', () => {
  it('ends the session for both when the customer ends it, and records the outcome', async () => {
    const { pair } = createRelayFixture()
    const { agent, console, session } = await pair()
    agent.sendJson({ type: 'end', reason: 'customer-ended' })
    await settle()
    for (const peer of [agent, console]) {
      expect(peer.messages.at(-1)).toEqual({ type: 'session-ended', reason: 'customer-ended' })
      expect(peer.closedWith?.code).toBe(CloseCode.SessionEnded)
    }
    expect(session).toMatchObject({
      state: 'ended',
      outcome: 'completed',
      agentOs: 'linux 6.1.0 x64',
    })
  })

  it('ends the session for both when the console closes on purpose', async () => {
    const { pair, relay } = createRelayFixture()
    const { agent, session, console } = await pair()
    console.close(CloseCode.Normal)
    await settle()
    expect(agent.messages.at(-1)).toEqual({ type: 'session-ended', reason: 'operator-ended' })
    expect(agent.closedWith?.code).toBe(CloseCode.SessionEnded)
    expect(session.outcome).toBe('completed')
    expect(relay.stats().rooms).toBe(0)
  })

  it('announces the pair once when the console joins while the consent is being stored', async () => {
    const { addSession, connectAgent, connectConsole, port } = createRelayFixture()
    const session = addSession()
    const stored = port.markActive.bind(port)
    let release: () => void = () => undefined
    port.markActive = (id) =>
      new Promise((resolve) => {
        release = () => {
          resolve(stored(id))
        }
      })
    const agent = await connectAgent(session.agentToken)
    agent.sendJson({ type: 'consent-granted' })
    await settle()
    // A slow database: the operator's viewer joins before the consent is stored.
    const console = await connectConsole()
    release()
    await settle()
    expect(typesOf(console).filter((type) => type === 'peer-joined')).toHaveLength(1)
    expect(typesOf(agent).filter((type) => type === 'peer-joined')).toHaveLength(1)
    expect(session.state).toBe('active')
  })

  it('records a declined consent and tells the console', async () => {
    const { addSession, connectAgent, connectConsole } = createRelayFixture()
    const session = addSession()
    const console = await connectConsole()
    const agent = await connectAgent(session.agentToken)
    agent.sendJson({ type: 'consent-declined' })
    await settle()
    expect(console.messages.at(-1)).toEqual({ type: 'session-ended', reason: 'consent-declined' })
    expect(console.closedWith?.code).toBe(CloseCode.SessionEnded)
    expect(session).toMatchObject({ state: 'ended', outcome: 'declined' })
  })

  it('lets a console come and go before the customer connects without ending anything', async () => {
    const { addSession, connectConsole, relay } = createRelayFixture()
    const session = addSession('s1', 'waiting')
    const console = await connectConsole()
    console.close(1006)
    await settle()
    expect(session.state).toBe('waiting')
    expect(relay.stats().rooms).toBe(0)
  })

  it('sends heartbeats and keeps a peer that answers', async () => {
    const { pair, scheduler } = createRelayFixture()
    const { agent, console } = await pair()
    for (let tick = 0; tick < 6; tick += 1) {
      agent.sendJson({ type: 'heartbeat' })
      console.sendJson({ type: 'heartbeat' })
      scheduler.advance(heartbeatMs)
    }
    expect(typesOf(agent).filter((type) => type === 'heartbeat')).toHaveLength(6)
    expect(agent.closedWith).toBeNull()
    expect(console.closedWith).toBeNull()
  })

  it('drops a peer silent for three heartbeat periods and tells the other side', async () => {
    const { pair, scheduler } = createRelayFixture()
    const { agent, console } = await pair()
    for (let tick = 0; tick < 3; tick += 1) {
      console.sendJson({ type: 'heartbeat' })
      scheduler.advance(heartbeatMs)
    }
    expect(agent.closedWith?.code).toBe(CloseCode.HeartbeatTimeout)
    expect(console.messages.at(-1)).toEqual({ type: 'peer-left', reason: 'heartbeat-timeout' })
    expect(console.closedWith).toBeNull()
  })

  it('does not count silence while the relay itself paused the peer', async () => {
    const { pair, scheduler } = createRelayFixture()
    const { agent, console } = await pair()
    console.stopReading()
    for (let index = 0; index < 40; index += 1) agent.sendBinary(frame(4096))
    expect(agent.isPausedByRelay).toBe(true)
    for (let tick = 0; tick < 5; tick += 1) {
      console.sendJson({ type: 'heartbeat' })
      scheduler.advance(heartbeatMs)
    }
    expect(agent.closedWith).toBeNull()
  })

  it('resumes within the grace period: the same token reconnects without a new consent', async () => {
    // Heartbeats are out of the way here (tested above).
    const { pair, connectAgent, scheduler } = createRelayFixture({ heartbeatMs: graceMs * 10 })
    const { agent, console, session } = await pair()
    agent.close(1006)
    await settle()
    expect(console.messages.at(-1)).toEqual({ type: 'peer-left', reason: 'disconnected' })

    scheduler.advance(graceMs - 1000)
    const back = await connectAgent(session.agentToken)
    expect(typesOf(back)).toEqual(['welcome', 'peer-joined'])
    expect(console.messages.slice(-2)).toEqual([
      { type: 'session-state', state: 'connecting' },
      { type: 'peer-joined', os: AGENT_OS },
    ])
    scheduler.advance(graceMs * 2)
    expect(session.state).toBe('active')
    const up = frame(10)
    back.sendBinary(up)
    expect(console.frames).toEqual([up])
  })

  it('ends the session once the grace period passes without the peer', async () => {
    const { pair, scheduler } = createRelayFixture({ heartbeatMs: graceMs * 10 })
    const { agent, console, session } = await pair()
    agent.close(1006)
    await settle()
    scheduler.advance(graceMs)
    await settle()
    expect(console.messages.at(-1)).toEqual({ type: 'session-ended', reason: 'connection-lost' })
    expect(console.closedWith?.code).toBe(CloseCode.PeerLeft)
    expect(session).toMatchObject({ state: 'ended', outcome: 'failed' })
  })

  it('[D5] waits for an installed computer that restarts, and tells the console why', async () => {
    const { addSession, pair, connectAgent, scheduler } = createRelayFixture({
      heartbeatMs: graceMs * 10,
      restartGraceMs: graceMs * 10,
    })
    addSession('s1').isInstalled = true
    const { agent, console, session } = await pair()
    agent.sendJson({ type: 'restarting' })
    await settle()
    // The shutdown closes the socket however it does; even a normal close is not an end here.
    agent.close(1000)
    await settle()
    expect(console.messages.at(-1)).toEqual({ type: 'peer-left', reason: 'restarting' })
    scheduler.advance(graceMs * 5)
    await settle()
    expect(session.state).toBe('active')
    const back = await connectAgent(session.agentToken)
    expect(typesOf(back)).toEqual(['welcome', 'peer-joined'])
    expect(console.messages.at(-1)).toEqual({ type: 'peer-joined', os: AGENT_OS })
    // Back, it is an ordinary agent again: the next drop has the usual grace.
    back.close(1006)
    await settle()
    expect(console.messages.at(-1)).toEqual({ type: 'peer-left', reason: 'disconnected' })
    scheduler.advance(graceMs)
    await settle()
    expect(session).toMatchObject({ state: 'ended', outcome: 'failed' })
  })

  it('[D5] refuses a restart from an agent that is not installed, and ends on its close', async () => {
    const { pair, scheduler } = createRelayFixture({ heartbeatMs: graceMs * 10 })
    const { agent, console, session } = await pair()
    agent.sendJson({ type: 'restarting' })
    await settle()
    expect(agent.messages.at(-1)).toMatchObject({ type: 'error', code: 'forbidden' })
    agent.close(1000)
    await settle()
    scheduler.advance(1)
    expect(console.messages.at(-1)).toEqual({ type: 'session-ended', reason: 'customer-ended' })
    expect(session.state).toBe('ended')
  })

  it('ends a session when any node publishes its end', async () => {
    const { pair, relay } = createRelayFixture()
    const { agent, console, session } = await pair()
    await relay.endSession('s1', 'expired')
    await settle()
    expect(agent.messages.at(-1)).toEqual({ type: 'session-ended', reason: 'expired' })
    expect(console.closedWith?.code).toBe(CloseCode.SessionEnded)
    expect(session.outcome).toBe('expired')
  })

  it('closes every socket when the node shuts down', async () => {
    const { pair, relay } = createRelayFixture()
    const { agent, console } = await pair()
    await relay.close()
    expect(agent.closedWith?.code).toBe(CloseCode.ServerShutdown)
    expect(console.closedWith?.code).toBe(CloseCode.ServerShutdown)
  })
})
