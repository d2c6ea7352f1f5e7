import type { AddressInfo } from 'node:net'

import { afterEach, expect, it } from 'vitest'

import { connectClient, type TestClient } from '../relay/test-support/ws-client.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

const ORIGIN = 'https://tasuke.test'
const HOST = 'https://shop.example'

/** Waits until `n` messages of `type` arrived. */
async function count(client: TestClient, type: string, n: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (client.messages.filter((m) => m.type === type).length >= n) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`fewer than ${n} ${type} messages arrived`)
}

describeEachStore('chat routes and sockets', (fixture) => {
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
    const open = async (payload: unknown = { name: '山田' }, origin = HOST) => {
      const reply = await app.app.inject({
        method: 'POST',
        url: `/api/v1/chat/${tenant.slug}/conversations`,
        headers: { origin },
        payload: payload as Record<string, unknown>,
      })
      return reply
    }
    const opened = async () => {
      const reply = await open()
      expect(reply.statusCode).toBe(201)
      return reply.json<{ conversationId: string; customerToken: string }>()
    }
    const customer = (conversationId: string, customerToken: string, after?: string) => {
      const client = connectClient(`${base}/ws/chat`, { origin: HOST })
      client.sendJson({
        type: 'chat-join',
        conversationId,
        customerToken,
        ...(after === undefined ? {} : { afterMessageId: after }),
      })
      return client
    }
    const console = (conversationId: string) => {
      const client = connectClient(`${base}/ws/chat/console`, {
        cookie: operator.headers.cookie,
        origin: ORIGIN,
      })
      client.sendJson({ type: 'chat-join', conversationId })
      return client
    }
    const post = (url: string) =>
      app.app.inject({ method: 'POST', url, headers: { ...operator.headers, origin: ORIGIN } })
    return { app, tenant, operator, open, opened, customer, console, post }
  }

  it('opens a conversation with CORS, queues it, and one operator takes it', async () => {
    const s = await start()
    const reply = await s.open()
    expect(reply.statusCode).toBe(201)
    expect(reply.headers['access-control-allow-origin']).toBe(HOST)
    const { conversationId, customerToken } = reply.json<{
      conversationId: string
      customerToken: string
    }>()
    expect(customerToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const row = await s.app.store.db
      .selectFrom('chat_conversations')
      .selectAll()
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow()
    expect(row.customer_token_hash).not.toContain(customerToken)
    expect(row.customer_token_hash).toHaveLength(64)

    const preflight = await s.app.app.inject({
      method: 'OPTIONS',
      url: `/api/v1/chat/${s.tenant.slug}/conversations`,
      headers: { origin: HOST, 'access-control-request-method': 'POST' },
    })
    expect(preflight.statusCode).toBe(204)
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type')

    const queue = await s.app.app.inject({
      method: 'GET',
      url: '/api/v1/chat/queue',
      headers: s.operator.headers,
    })
    expect(queue.json<{ conversations: Array<{ id: string; state: string }> }>()).toMatchObject({
      conversations: [{ id: conversationId, state: 'waiting', customerName: '山田' }],
    })
    const other = await s.app.createOperator(s.tenant.id, 'operator')
    expect((await s.post(`/api/v1/chat/conversations/${conversationId}/take`)).statusCode).toBe(200)
    const second = await s.app.app.inject({
      method: 'POST',
      url: `/api/v1/chat/conversations/${conversationId}/take`,
      headers: { ...other.headers, origin: ORIGIN },
    })
    expect(second.statusCode).toBe(409)
    expect(second.json()).toMatchObject({ error: { code: 'already-taken' } })
  })

  it('refuses bad input on the public route with clear messages', async () => {
    const s = await start()
    const tooLong = await s.open({ name: 'x'.repeat(129) })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json<{ error: { message: string } }>().error.message).toMatch(/name/)
    expect((await s.open({ name: 'a', extra: 1 })).statusCode).toBe(400)
    expect((await s.open({ name: 'a\u0007b' })).json()).toMatchObject({
      error: { code: 'invalid-name' },
    })
    const unknown = await s.app.app.inject({
      method: 'POST',
      url: '/api/v1/chat/no-such-company/conversations',
      payload: {},
    })
    expect(unknown.statusCode).toBe(404)
    const badSlug = await s.app.app.inject({
      method: 'POST',
      url: '/api/v1/chat/BAD%20SLUG/conversations',
      payload: {},
    })
    expect(badSlug.statusCode).toBe(400)
  })

  it('rate-limits opening conversations per address', async () => {
    const s = await start()
    const codes: number[] = []
    for (let i = 0; i < 11; i++) codes.push((await s.open({})).statusCode)
    expect(codes.slice(0, 10).every((code) => code === 201)).toBe(true)
    expect(codes[10]).toBe(429)
  })

  it('honours the allowed origins the admin sets, and validates them', async () => {
    const s = await start()
    const admin = await s.app.createOperator(s.tenant.id, 'admin')
    const put = (allowedOrigins: unknown) =>
      s.app.app.inject({
        method: 'PUT',
        url: '/api/v1/chat/settings',
        headers: { ...admin.headers, origin: ORIGIN },
        payload: { allowedOrigins } as Record<string, unknown>,
      })
    const bad = await put(['https://ok.example', 'https://x.example/path'])
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'invalid-origin', details: { index: 1 } } })
    const notAdmin = await s.app.app.inject({
      method: 'PUT',
      url: '/api/v1/chat/settings',
      headers: { ...s.operator.headers, origin: ORIGIN },
      payload: { allowedOrigins: [] },
    })
    expect(notAdmin.statusCode).toBe(403)
    expect((await put(['https://ok.example/'])).json()).toEqual({
      allowedOrigins: ['https://ok.example'],
    })
    expect((await s.open({}, 'https://evil.example')).statusCode).toBe(403)
    expect((await s.open({}, 'https://ok.example')).statusCode).toBe(201)

    // What the widget shows before a chat: the company's name and colour, same origin rules.
    const widget = (origin: string, slug = s.tenant.slug) =>
      s.app.app.inject({ method: 'GET', url: `/api/v1/chat/${slug}/widget`, headers: { origin } })
    const shown = await widget('https://ok.example')
    expect(shown.statusCode).toBe(200)
    expect(shown.headers['access-control-allow-origin']).toBe('https://ok.example')
    const { company } = shown.json<{ company: { name: string; brandColor: string } }>()
    expect(company.name).toBe(s.tenant.name)
    expect(company.brandColor).toMatch(/^#[0-9a-f]{6}$/i)
    expect((await widget('https://evil.example')).statusCode).toBe(403)
    expect((await widget('https://ok.example', 'no-such-company')).statusCode).toBe(404)
  })

  it('chats in real time: delivered after storing, typing, read, resend not duplicated', async () => {
    const s = await start()
    const { conversationId, customerToken } = await s.opened()
    const widget = s.customer(conversationId, customerToken)
    await widget.message('chat-history')
    expect((await s.post(`/api/v1/chat/conversations/${conversationId}/take`)).statusCode).toBe(200)
    await widget.message('conversation-state')
    const operator = s.console(conversationId)
    await operator.message('chat-history')

    widget.sendJson({ type: 'chat-message', conversationId, id: 'c-1', body: '画面が固まりました' })
    await widget.message('delivered')
    expect(await operator.message('chat-message')).toMatchObject({
      id: 'c-1',
      author: { role: 'customer', name: '山田' },
      body: '画面が固まりました',
    })
    widget.sendJson({ type: 'chat-message', conversationId, id: 'c-1', body: '画面が固まりました' })
    operator.sendJson({ type: 'typing', conversationId, isTyping: true })
    expect(await widget.message('typing')).toMatchObject({ role: 'operator', isTyping: true })
    operator.sendJson({ type: 'read', conversationId, messageId: 'c-1' })
    expect(await widget.message('read')).toMatchObject({ messageId: 'c-1', role: 'operator' })
    operator.sendJson({ type: 'chat-message', conversationId, id: 'o-1', body: '確認します' })
    expect(await widget.message('chat-message')).toMatchObject({
      id: 'o-1',
      author: { role: 'operator' },
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(operator.messages.filter((m) => m.type === 'chat-message')).toHaveLength(1)
    const stored = await s.app.store.db
      .selectFrom('chat_messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .execute()
    expect(stored).toHaveLength(2)
    expect(stored.map((row) => row.body_cipher).join()).not.toContain('画面')
    widget.ws.close()
    operator.ws.close()
  })

  it('replays what a client missed after a blip, and after a server restart', async () => {
    const s = await start()
    const { conversationId, customerToken } = await s.opened()
    await s.post(`/api/v1/chat/conversations/${conversationId}/take`)
    const first = s.customer(conversationId, customerToken)
    await first.message('chat-history')
    first.sendJson({ type: 'chat-message', conversationId, id: 'c-1', body: 'one' })
    await first.message('delivered')
    first.ws.terminate()
    const operator = s.console(conversationId)
    await operator.message('chat-history')
    operator.sendJson({ type: 'chat-message', conversationId, id: 'o-1', body: 'two' })
    await operator.message('delivered')
    operator.sendJson({ type: 'chat-message', conversationId, id: 'o-2', body: 'three' })
    await count(operator, 'delivered', 2)

    const again = s.customer(conversationId, customerToken, 'c-1')
    const history = await again.message('chat-history')
    expect(history).toMatchObject({ state: 'active', hasMore: false })
    expect((history['messages'] as Array<{ id: string }>).map((m) => m.id)).toEqual(['o-1', 'o-2'])
    again.ws.close()
    operator.ws.close()

    // A new app on the same store: the store is the source of truth.
    const restarted = await createTestApp(fixture.store())
    try {
      const reply = await restarted.app.inject({
        method: 'GET',
        url: `/api/v1/chat/conversations/${conversationId}/messages`,
        headers: s.operator.headers,
      })
      // Another app has other data keys: the transcript cannot be read with them.
      expect(reply.statusCode).toBe(500)
    } finally {
      await restarted.close()
    }
    const transcript = await s.app.app.inject({
      method: 'GET',
      url: `/api/v1/chat/conversations/${conversationId}/messages`,
      headers: s.operator.headers,
    })
    expect(
      transcript.json<{ messages: Array<{ body: string }> }>().messages.map((m) => m.body),
    ).toEqual(['one', 'two', 'three'])
  })

  it('[M9][M11] handles a message sent right behind chat-join, as a reconnecting widget does', async () => {
    const s = await start()
    const { conversationId, customerToken } = await s.opened()
    // The widget resends its unacknowledged messages at once after chat-join, before the
    // history arrives: they must wait for the join, not find the socket unjoined.
    const widget = s.customer(conversationId, customerToken)
    widget.sendJson({ type: 'chat-message', conversationId, id: 'c-1', body: 'written offline' })
    widget.sendJson({ type: 'chat-message', conversationId, id: 'c-2', body: 'and this' })
    await count(widget, 'delivered', 2)
    expect(widget.messages.map((m) => m.type)).toEqual(['chat-history', 'delivered', 'delivered'])
    widget.ws.close()
  })

  it('refuses a wrong token, a join of another tenant, bad frames and a closed chat', async () => {
    const s = await start()
    const { conversationId, customerToken } = await s.opened()
    const wrong = s.customer(conversationId, 'x'.repeat(43))
    expect(await wrong.closed).toBe(4001)
    expect(wrong.messages[0]).toMatchObject({ type: 'error', code: 'unauthorized' })

    const strangerTenant = await s.app.createTenant()
    const stranger = await s.app.createOperator(strangerTenant.id, 'admin')
    const peek = connectClient(
      `ws://127.0.0.1:${(s.app.app.server.address() as AddressInfo).port}/ws/chat/console`,
      { cookie: stranger.headers.cookie, origin: ORIGIN },
    )
    peek.sendJson({ type: 'chat-join', conversationId })
    expect(await peek.closed).toBe(4002)

    const widget = s.customer(conversationId, customerToken)
    await widget.message('chat-history')
    widget.ws.send('not json')
    widget.sendJson({ type: 'chat-message', conversationId, id: 'c 1', body: 'x' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    const errors = widget.messages.filter((m) => m.type === 'error')
    expect(errors[0]?.['message']).toMatch(/JSON/)
    expect(errors[1]?.['message']).toMatch(/\/id/)

    expect((await s.post(`/api/v1/chat/conversations/${conversationId}/close`)).statusCode).toBe(
      200,
    )
    await widget.message('conversation-state')
    widget.sendJson({ type: 'chat-message', conversationId, id: 'c-2', body: 'late' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(widget.messages.at(-1)).toMatchObject({ type: 'error', code: 'forbidden' })
    widget.ws.close()
  })

  it('asks the customer for remote control with a session number and its download page', async () => {
    const s = await start()
    const { conversationId, customerToken } = await s.opened()
    const early = await s.post(`/api/v1/chat/conversations/${conversationId}/remote-control`)
    expect(early.statusCode).toBe(409)
    await s.post(`/api/v1/chat/conversations/${conversationId}/take`)
    const widget = s.customer(conversationId, customerToken)
    await widget.message('chat-history')
    const operator = s.console(conversationId)
    await operator.message('chat-history')
    const reply = await s.post(`/api/v1/chat/conversations/${conversationId}/remote-control`)
    expect(reply.statusCode).toBe(201)
    const { session, downloadUrl } = reply.json<{
      session: { code: string; method: string }
      downloadUrl: string
    }>()
    expect(session.method).toBe('chat')
    expect(downloadUrl).toBe(`https://tasuke.test/join/${session.code}`)
    expect(await widget.message('remote-control-request')).toMatchObject({
      sessionCode: session.code,
      downloadUrl,
    })
    widget.sendJson({ type: 'remote-control-allowed', conversationId })
    expect(await operator.message('remote-control-answer')).toMatchObject({ allowed: true })
    // A reconnecting widget is asked again while the number is unused.
    widget.ws.close()
    const back = s.customer(conversationId, customerToken)
    await back.message('remote-control-request')
    back.ws.close()
    operator.ws.close()
  })
})
