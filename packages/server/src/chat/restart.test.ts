/**
 * The website chat survives a server restart (docs/customer-flows.md D, step 2): a
 * conversation is stored, the app is closed, and a new app on the same database with the
 * same data keys serves it on. The customer reconnects with its token and the last message
 * it has, and gets exactly what it missed; the operator's transcript is complete. Runs on
 * SQLite (a file) and PostgreSQL (a schema), each opened afresh for the second app.
 */
import type { AddressInfo } from 'node:net'

import type { FastifyInstance } from 'fastify'
import { afterEach, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import { manualClock } from '../clock.js'
import { connectClient, type TestClient } from '../relay/test-support/ws-client.js'
import { openStore, type Store } from '../store/db.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, testConfig } from '../test-support/test-app.js'

const ORIGIN = 'https://tasuke.test'
const HOST = 'https://shop.example'

interface Running {
  readonly app: FastifyInstance
  readonly base: string
}

async function listen(app: FastifyInstance): Promise<Running> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  return { app, base: `ws://127.0.0.1:${port}` }
}

/** Waits until `n` messages of `type` arrived. */
async function count(client: TestClient, type: string, n: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (client.messages.filter((m) => m.type === type).length >= n) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`fewer than ${n} ${type} messages arrived`)
}

const ids = (history: Record<string, unknown>): string[] =>
  (history['messages'] as Array<{ id: string }>).map((m) => m.id)

describeEachStore('chat across a server restart', (fixture) => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  /** A store of its own on the fixture's database; closed once, at the latest after the test. */
  const ownStore = (): Store => {
    const store = openStore(fixture.location())
    let closing: Promise<void> | undefined
    const close = () => (closing ??= store.close())
    cleanups.push(close)
    return { ...store, db: store.db, close }
  }

  it('replays exactly the missed messages and keeps the whole transcript', async () => {
    // The first server: a conversation with messages from both sides.
    const firstStore = ownStore()
    const first = await createTestApp(firstStore)
    let firstClosed = false
    cleanups.push(async () => {
      if (!firstClosed) await first.close()
    })
    const one = await listen(first.app)
    const tenant = await first.createTenant()
    const operator = await first.createOperator(tenant.id, 'operator')
    const operatorHeaders = { ...operator.headers, origin: ORIGIN }

    const opened = await first.app.inject({
      method: 'POST',
      url: `/api/v1/chat/${tenant.slug}/conversations`,
      headers: { origin: HOST },
      payload: { name: '山田' },
    })
    expect(opened.statusCode).toBe(201)
    const { conversationId, customerToken } = opened.json<{
      conversationId: string
      customerToken: string
    }>()
    const take = await first.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${conversationId}/take`,
      headers: operatorHeaders,
    })
    expect(take.statusCode).toBe(200)

    const customer = (base: string, after?: string) => {
      const client = connectClient(`${base}/ws/chat`, { origin: HOST })
      client.sendJson({
        type: 'chat-join',
        conversationId,
        customerToken,
        ...(after === undefined ? {} : { afterMessageId: after }),
      })
      return client
    }
    const console = (base: string) => {
      const client = connectClient(`${base}/ws/chat/console`, {
        cookie: operator.headers.cookie,
        origin: ORIGIN,
      })
      client.sendJson({ type: 'chat-join', conversationId })
      return client
    }

    const widget = customer(one.base)
    await widget.message('chat-history')
    widget.sendJson({ type: 'chat-message', conversationId, id: 'c-1', body: '画面が固まりました' })
    await widget.message('delivered')
    const desk = console(one.base)
    await desk.message('chat-history')
    desk.sendJson({ type: 'chat-message', conversationId, id: 'o-1', body: '確認します' })
    await count(desk, 'delivered', 1)
    await count(widget, 'chat-message', 1)
    // The customer's tab loses its connection; the operator writes on.
    widget.ws.terminate()
    desk.sendJson({ type: 'chat-message', conversationId, id: 'o-2', body: '再起動してください' })
    desk.sendJson({ type: 'chat-message', conversationId, id: 'o-3', body: 'お待ちしています' })
    await count(desk, 'delivered', 3)

    // The server stops: its sockets close, its database connections are released.
    firstClosed = true
    await first.close()
    await firstStore.close()
    expect(await desk.closed).toBeGreaterThan(0)

    // A new server on the same database with the same data keys.
    const second = await buildApp({
      config: testConfig(),
      store: ownStore(),
      keys: first.keys,
      clock: manualClock(new Date()),
      mailer: null,
      setupToken: null,
      backgroundJobs: false,
      logger: false,
    })
    cleanups.push(() => second.close())
    const two = await listen(second)

    const back = customer(two.base, 'o-1')
    const history = await back.message('chat-history')
    expect(history).toMatchObject({
      conversationId,
      state: 'active',
      hasMore: false,
    })
    expect(ids(history)).toEqual(['o-2', 'o-3'])
    expect(history['messages']).toMatchObject([
      { author: { role: 'operator' }, body: '再起動してください' },
      { author: { role: 'operator' }, body: 'お待ちしています' },
    ])

    // The chat goes on on the new server, and a resend of a stored id is not duplicated.
    back.sendJson({ type: 'chat-message', conversationId, id: 'c-2', body: '直りました' })
    back.sendJson({ type: 'chat-message', conversationId, id: 'c-1', body: '画面が固まりました' })
    await count(back, 'delivered', 2)
    const deskAgain = console(two.base)
    const operatorHistory = await deskAgain.message('chat-history')
    expect(ids(operatorHistory)).toEqual(['c-1', 'o-1', 'o-2', 'o-3', 'c-2'])
    back.ws.close()
    deskAgain.ws.close()

    const close = await second.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${conversationId}/close`,
      headers: operatorHeaders,
    })
    expect(close.statusCode).toBe(200)
    const transcript = await second.inject({
      method: 'GET',
      url: `/api/v1/chat/conversations/${conversationId}/messages`,
      headers: operator.headers,
    })
    expect(transcript.statusCode).toBe(200)
    expect(
      transcript.json<{
        conversation: { customerName: string; state: string }
        messages: Array<{ id: string; role: string; body: string }>
      }>(),
    ).toMatchObject({
      conversation: { customerName: '山田', state: 'closed' },
      messages: [
        { id: 'c-1', role: 'customer', body: '画面が固まりました' },
        { id: 'o-1', role: 'operator', body: '確認します' },
        { id: 'o-2', role: 'operator', body: '再起動してください' },
        { id: 'o-3', role: 'operator', body: 'お待ちしています' },
        { id: 'c-2', role: 'customer', body: '直りました' },
      ],
    })
    const closedList = await second.inject({
      method: 'GET',
      url: '/api/v1/chat/conversations',
      headers: operator.headers,
    })
    expect(closedList.json<{ conversations: Array<{ id: string }> }>().conversations).toEqual([
      expect.objectContaining({ id: conversationId }) as unknown,
    ])
  })
})
