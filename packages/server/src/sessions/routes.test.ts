import { createHash, randomBytes, randomUUID } from 'node:crypto'

import { afterEach, beforeEach, expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'

interface SessionJson {
  id: string
  code: string
  state: string
  method: string
  operator: { id: string; displayName: string }
  createdAt: string
  expiresAt: string
  outcome: string | null
  endedAt: string | null
}

describeEachStore('sessions routes', (fixture) => {
  let t: TestApp
  let tenant: { id: string }
  let operator: TestOperator

  beforeEach(async () => {
    t = await createTestApp(fixture.store())
    tenant = await t.createTenant()
    operator = await t.createOperator(tenant.id, 'operator')
  })
  afterEach(() => t.close())

  const create = (as: TestOperator, body: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/sessions', headers: as.headers, payload: body })
  const list = (as: TestOperator, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/sessions${query}`, headers: as.headers })
  const get = (as: TestOperator, id: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/sessions/${id}`, headers: as.headers })
  const cancel = (as: TestOperator, id: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/sessions/${id}/cancel`, headers: as.headers })

  it('creates, lists and cancels a session', async () => {
    const created = await create(operator, { expiresInMinutes: 10 })
    expect(created.statusCode).toBe(201)
    const { session } = created.json<{ session: SessionJson }>()
    expect(session.code).toMatch(/^\d{8}$/)
    expect(session).toMatchObject({
      state: 'waiting',
      method: 'code',
      operator: { id: operator.id },
      outcome: null,
    })
    expect(Date.parse(session.expiresAt) - Date.parse(session.createdAt)).toBe(10 * 60_000)

    const listed = await list(operator)
    expect(listed.statusCode).toBe(200)
    expect(listed.json<{ sessions: SessionJson[] }>().sessions.map((s) => s.id)).toEqual([
      session.id,
    ])

    const cancelled = await cancel(operator, session.id)
    expect(cancelled.statusCode).toBe(200)
    expect(cancelled.json<{ session: SessionJson }>().session).toMatchObject({
      state: 'cancelled',
      outcome: 'cancelled',
    })
    expect((await list(operator)).json<{ sessions: SessionJson[] }>().sessions).toEqual([])
    const all = (await list(operator, '?scope=all')).json<{ sessions: SessionJson[] }>()
    expect(all.sessions.map((s) => s.state)).toEqual(['cancelled'])

    const again = await cancel(operator, session.id)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ error: { code: 'not-cancellable' } })

    // The number is free again and the cancellation is audited (without the number).
    const live = await t.store.db.selectFrom('live_codes').selectAll().execute()
    expect(live.find((row) => row.session_id === session.id)).toBeUndefined()
    const audit = await t.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .execute()
    expect(audit.map((e) => e.kind)).toEqual(['session-cancelled'])
    expect(audit[0]?.detail).not.toContain(session.code)
  })

  it('uses the default expiry when none is given and refuses values out of bounds', async () => {
    const byDefault = (await create(operator, {})).json<{ session: SessionJson }>().session
    expect(Date.parse(byDefault.expiresAt) - Date.parse(byDefault.createdAt)).toBe(30 * 60_000)
    expect((await create(operator, { expiresInMinutes: 5 })).statusCode).toBe(201)
    expect((await create(operator, { expiresInMinutes: 1440 })).statusCode).toBe(201)
    for (const bad of [4, 1441, 'x', 10.5, null]) {
      const response = await create(operator, { expiresInMinutes: bad })
      expect(response.statusCode, String(bad)).toBe(400)
      expect(response.json()).toMatchObject({
        error: { code: 'invalid-request', details: { field: 'expiresInMinutes' } },
      })
    }
  })

  it('refuses unknown body fields and changes nothing', async () => {
    const response = await create(operator, { expiresInMinutes: 10, method: 'unattended' })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: { code: 'invalid-request' } })
    const all = (await list(operator, '?scope=all')).json<{ sessions: SessionJson[] }>()
    expect(all.sessions).toEqual([])
  })

  it('refuses bad list parameters', async () => {
    expect((await list(operator, '?scope=everything')).statusCode).toBe(400)
    expect((await list(operator, '?limit=0')).statusCode).toBe(400)
    expect((await list(operator, '?limit=501')).statusCode).toBe(400)
  })

  it('records the operator address', async () => {
    const { session } = (await create(operator)).json<{ session: SessionJson }>()
    const row = await t.store.db
      .selectFrom('support_sessions')
      .select(['operator_ip', 'customer_ip'])
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ operator_ip: '127.0.0.1', customer_ip: null })
  })

  it('shows operators their own sessions and admins the whole tenant', async () => {
    const colleague = await t.createOperator(tenant.id, 'operator')
    const admin = await t.createOperator(tenant.id, 'admin')
    const mine = (await create(operator)).json<{ session: SessionJson }>().session
    const theirs = (await create(colleague)).json<{ session: SessionJson }>().session

    const ids = async (as: TestOperator) =>
      (await list(as)).json<{ sessions: SessionJson[] }>().sessions.map((s) => s.id)
    expect(await ids(operator)).toEqual([mine.id])
    expect(await ids(colleague)).toEqual([theirs.id])
    expect((await ids(admin)).sort()).toEqual([mine.id, theirs.id].sort())

    expect((await get(operator, theirs.id)).statusCode).toBe(404)
    expect((await cancel(operator, theirs.id)).statusCode).toBe(404)
    expect((await get(admin, theirs.id)).statusCode).toBe(200)
    expect((await cancel(admin, theirs.id)).statusCode).toBe(200)
  })

  it("answers 404 for another tenant's session on get and cancel", async () => {
    const other = await t.createTenant()
    const otherAdmin = await t.createOperator(other.id, 'admin')
    const foreign = (await create(otherAdmin)).json<{ session: SessionJson }>().session
    const admin = await t.createOperator(tenant.id, 'admin')

    for (const response of [await get(admin, foreign.id), await cancel(admin, foreign.id)]) {
      expect(response.statusCode).toBe(404)
      expect(response.json()).toMatchObject({ error: { code: 'not-found' } })
    }
    expect((await get(admin, randomUUID())).statusCode).toBe(404)
    expect((await list(admin, '?scope=all')).json<{ sessions: unknown[] }>().sessions).toEqual([])
    expect((await get(otherAdmin, foreign.id)).json()).toMatchObject({
      session: { state: 'waiting' },
    })
  })

  it('shows a session past its expiry as expired and refuses to cancel it', async () => {
    const { session } = (await create(operator, { expiresInMinutes: 5 })).json<{
      session: SessionJson
    }>()
    t.clock.advance(5 * 60_000)
    expect((await list(operator)).json<{ sessions: unknown[] }>().sessions).toEqual([])
    expect((await get(operator, session.id)).json()).toMatchObject({
      session: { state: 'expired', outcome: 'expired' },
    })
    expect((await cancel(operator, session.id)).statusCode).toBe(409)
  })

  it('needs a log-in, and works with an API key', async () => {
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: {} })
    expect(anonymous.statusCode).toBe(401)

    const key = `tsk_${randomBytes(32).toString('base64url')}`
    await t.store.db
      .insertInto('api_keys')
      .values({
        id: randomUUID(),
        tenant_id: tenant.id,
        name: 'helpdesk',
        prefix: key.slice(0, 12),
        key_hash: createHash('sha256').update(key).digest('hex'),
        operator_id: operator.id,
        created_at: t.clock.now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      })
      .execute()
    const viaKey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { authorization: `Bearer ${key}` },
      payload: { expiresInMinutes: 60 },
    })
    expect(viaKey.statusCode).toBe(201)
    expect(viaKey.json()).toMatchObject({ session: { operator: { id: operator.id } } })
  })
})
