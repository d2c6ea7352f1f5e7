import type { AddressInfo } from 'node:net'

import { FrameKind, PROTOCOL_VERSION, encodeFrame } from '@tasuke/protocol'
import { afterEach, expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'
import { DEFAULT_RELAY_OPTIONS, MiB } from './options.js'
import { connectClient } from './test-support/ws-client.js'

const ORIGIN = 'https://tasuke.test'
const OS = { platform: 'linux', release: '6.1.0-18-amd64', arch: 'x64' }

function frame(sequence: number, size: number, droppable = false): Buffer {
  const payload = Buffer.alloc(size, sequence % 251)
  return Buffer.from(
    encodeFrame({ kind: FrameKind.Message, sequence, payload, isDroppable: droppable }),
  )
}

describeEachStore('relay over real WebSockets', (fixture) => {
  let t: TestApp | undefined
  afterEach(() => t?.close())

  const start = async () => {
    t = await createTestApp(fixture.store())
    const app = t
    await app.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.app.server.address() as AddressInfo
    const base = `ws://127.0.0.1:${port}`
    const tenant = await app.createTenant()
    const operator = await app.createOperator(tenant.id, 'operator')

    const issueAndRedeem = async (as: TestOperator = operator) => {
      const created = await app.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: as.headers,
        payload: { expiresInMinutes: 30 },
      })
      expect(created.statusCode).toBe(201)
      const session = created.json<{ session: { id: string; code: string } }>().session
      const redeemed = await app.app.inject({
        method: 'POST',
        url: '/api/v1/redeem',
        payload: { code: session.code, tenantSlug: tenant.slug },
      })
      expect(redeemed.statusCode).toBe(200)
      return { id: session.id, agentToken: redeemed.json<{ agentToken: string }>().agentToken }
    }
    const agent = (agentToken: string) => {
      const client = connectClient(`${base}/ws/agent`)
      client.sendJson({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentToken, os: OS })
      return client
    }
    const console = (sessionId: string, headers: Record<string, string> = {}) =>
      connectClient(`${base}/ws/console?sessionId=${sessionId}`, {
        cookie: operator.headers.cookie,
        origin: ORIGIN,
        ...headers,
      })
    const paired = async () => {
      const session = await issueAndRedeem()
      const viewer = console(session.id)
      await viewer.message('session-state')
      const customer = agent(session.agentToken)
      await customer.message('welcome')
      customer.sendJson({ type: 'consent-granted' })
      await customer.message('peer-joined')
      await viewer.message('peer-joined')
      return { session, viewer, customer }
    }
    const row = (id: string) =>
      app.store.db
        .selectFrom('support_sessions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    return { app, base, tenant, issueAndRedeem, agent, console, paired, row }
  }

  it('pairs a redeemed agent with its console and relays binary frames both ways', async () => {
    const { paired, row } = await start()
    const { session, viewer, customer } = await paired()
    expect(viewer.messages.find((m) => m.type === 'peer-joined')).toEqual({
      type: 'peer-joined',
      os: OS,
    })
    expect(await row(session.id)).toMatchObject({ state: 'active' })

    const up = [frame(1, 10), frame(2, 70_000), frame(3, 1)]
    const down = [frame(1, 500)]
    for (const bytes of up) customer.ws.send(bytes)
    for (const bytes of down) viewer.ws.send(bytes)
    await viewer.framesArrived(3)
    await customer.framesArrived(1)
    expect(viewer.frames).toEqual(up)
    expect(customer.frames).toEqual(down)
  })

  it('ends the session for both when one side ends it and closes the history row', async () => {
    const { paired, row } = await start()
    const { session, viewer, customer } = await paired()
    customer.sendJson({ type: 'end', reason: 'customer-ended' })
    expect(await viewer.message('session-ended')).toEqual({
      type: 'session-ended',
      reason: 'customer-ended',
    })
    expect(await viewer.closed).toBe(4004)
    expect(await customer.closed).toBe(4004)
    await expect.poll(async () => (await row(session.id)).state).toBe('ended')
    const ended = await row(session.id)
    expect(ended.started_at).not.toBeNull()
    expect(ended.ended_at).not.toBeNull()
    expect(ended).toMatchObject({ outcome: 'completed', agent_os: 'linux 6.1.0-18-amd64 x64' })
  })

  it('closes a waiting agent when the operator cancels the session over HTTP', async () => {
    const { app, issueAndRedeem, agent, row } = await start()
    const session = await issueAndRedeem()
    const customer = agent(session.agentToken)
    await customer.message('welcome')
    const operator = await app.createOperator((await row(session.id)).tenant_id, 'admin')
    const cancelled = await app.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/cancel`,
      headers: operator.headers,
    })
    expect(cancelled.statusCode).toBe(200)
    expect(await customer.message('session-ended')).toMatchObject({ reason: 'operator-ended' })
    expect(await customer.closed).toBe(4004)
    expect(await row(session.id)).toMatchObject({ state: 'cancelled' })
  })

  it('records a declined consent on the history row and tells the console', async () => {
    const { issueAndRedeem, console, agent, row } = await start()
    const session = await issueAndRedeem()
    const viewer = console(session.id)
    await viewer.message('session-state')
    const customer = agent(session.agentToken)
    await customer.message('welcome')
    customer.sendJson({ type: 'consent-declined' })
    expect(await viewer.message('session-ended')).toMatchObject({ reason: 'consent-declined' })
    expect(await customer.closed).toBe(4004)
    await expect.poll(async () => (await row(session.id)).outcome).toBe('declined')
    expect(await row(session.id)).toMatchObject({ state: 'ended', started_at: null })
  })

  it('resumes after the agent’s connection drops: the same token, no new consent', async () => {
    const { paired, agent, row } = await start()
    const { session, viewer, customer } = await paired()
    customer.ws.terminate()
    expect(await viewer.message('peer-left')).toEqual({ type: 'peer-left', reason: 'disconnected' })

    const back = agent(session.agentToken)
    await back.message('peer-joined')
    expect(back.messages.map((message) => message.type)).toEqual(['welcome', 'peer-joined'])
    back.ws.send(frame(0, 100))
    await viewer.framesArrived(1)
    expect(await row(session.id)).toMatchObject({ state: 'active', ended_at: null })
  })

  it('refuses an agent speaking another protocol version', async () => {
    const { base, issueAndRedeem } = await start()
    const session = await issueAndRedeem()
    const future = connectClient(`${base}/ws/agent`)
    future.sendJson({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION + 1,
      agentToken: session.agentToken,
      os: OS,
    })
    expect(await future.closed).toBe(4012)
    expect(future.messages).toEqual([expect.objectContaining({ code: 'server-too-old' })])
  })

  it('refuses a wrong agent token with Unauthorized', async () => {
    const { agent, issueAndRedeem } = await start()
    await issueAndRedeem()
    const intruder = agent('x'.repeat(43))
    expect(await intruder.closed).toBe(4001)
    expect(intruder.messages).toEqual([expect.objectContaining({ code: 'unauthorized' })])
  })

  it("refuses another tenant's console, a console without a log-in, and another origin", async () => {
    const { app, console, issueAndRedeem, tenant } = await start()
    const session = await issueAndRedeem()
    const other = await app.createTenant()
    const stranger = await app.createOperator(other.id, 'admin')
    expect(await console(session.id, { cookie: stranger.headers.cookie }).closed).toBe(4003)
    expect(await console(session.id, { cookie: '' }).closed).toBe(4001)
    expect(await console(session.id, { origin: 'https://evil.example' }).closed).toBe(4002)
    const admin = await app.createOperator(tenant.id, 'admin')
    const ok = console(session.id, { cookie: admin.headers.cookie })
    expect(await ok.message('session-state')).toEqual({ type: 'session-state', state: 'waiting' })
    ok.ws.close()
  })

  it('refuses a console URL without a valid session id before upgrading', async () => {
    const { console } = await start()
    const bad = console('not a uuid!')
    const failure = await new Promise<string>((resolve) =>
      bad.ws.on('unexpected-response', (_request, response) => {
        resolve(String(response.statusCode))
      }),
    )
    expect(failure).toBe('400')
  })

  it('answers a malformed control frame with an error and keeps going', async () => {
    const { paired } = await start()
    const { viewer, customer } = await paired()
    viewer.ws.send('{"type":')
    expect(await viewer.message('error')).toMatchObject({ code: 'invalid-message' })
    customer.ws.send(frame(1, 10))
    await viewer.framesArrived(1)
  })

  it('pauses the agent while its console does not read, holding no more than the window', async () => {
    const { app, paired } = await start()
    const { viewer, customer } = await paired()
    viewer.ws.pause()
    const count = 400 // 25 MiB of 64 KiB frames
    for (let sequence = 0; sequence < count; sequence += 1) {
      customer.ws.send(frame(sequence, 64 * 1024))
    }
    // The relay fills its window towards the console, then stops reading the agent.
    await expect
      .poll(() => app.app.relay.stats(), { timeout: 20_000 })
      .toMatchObject({ pausedPeers: 1 })
    const { peakQueuedBytes } = app.app.relay.stats()
    expect(peakQueuedBytes).toBeGreaterThanOrEqual(DEFAULT_RELAY_OPTIONS.windowBytes)
    // One 64 KiB read may already be on its way when the pause lands.
    expect(peakQueuedBytes).toBeLessThanOrEqual(DEFAULT_RELAY_OPTIONS.windowBytes + 1 * MiB)
    expect(customer.ws.bufferedAmount).toBeGreaterThan(0) // the rest waits at the agent

    viewer.ws.resume()
    await viewer.framesArrived(count)
    expect(viewer.frames.map((bytes) => bytes.readUInt32BE(7))).toEqual(
      Array.from({ length: count }, (_, index) => index),
    )
    expect(app.app.relay.stats().peakQueuedBytes).toBeLessThanOrEqual(
      DEFAULT_RELAY_OPTIONS.windowBytes + 1 * MiB,
    )
  })
})
