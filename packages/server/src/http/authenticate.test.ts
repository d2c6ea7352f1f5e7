import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import { errorOf, type OperatorJson } from '../auth/test-support/identity.js'
import {
  purgeStaleWebSessions,
  WEB_SESSION_IDLE_TIMEOUT_MS,
  WEB_SESSION_LIFETIME_MS,
} from '../auth/web-sessions.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'

const MINUTE_MS = 60_000

describeEachStore('authenticate', (fixture) => {
  let t: TestApp
  let operator: TestOperator

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    const tenant = await t.createTenant()
    operator = await t.createOperator(tenant.id, 'admin')
  })

  const me = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })

  it('finds the operator of a session cookie', async () => {
    const response = await me(operator.headers)
    expect(response.statusCode).toBe(200)
    expect(response.json<{ operator: OperatorJson }>().operator.id).toBe(operator.id)
  })

  it('treats malformed cookies and Authorization headers as no credentials (401, never 500)', async () => {
    const headers: Record<string, string>[] = [
      { cookie: 'tasuke_session=' },
      { cookie: 'tasuke_session=not-a-session' },
      { cookie: `tasuke_session=${'A'.repeat(43)}` },
      { cookie: 'tasuke_session=%E0%A4%A' },
      { cookie: '=;;;tasuke_session' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer ' },
      { authorization: 'Basic dXNlcjpwYXNz' },
      { authorization: 'Bearer tsk_short' },
      { authorization: `Bearer tsk_${'A'.repeat(43)}` },
      { authorization: `Bearer ${'x'.repeat(5000)}` },
      // An Authorization header decides alone: a good cookie does not rescue a bad key.
      { authorization: 'Bearer nonsense', cookie: operator.headers.cookie },
    ]
    for (const header of headers) {
      const response = await me(header)
      expect(response.statusCode, JSON.stringify(header)).toBe(401)
      expect(errorOf(response).code).toBe('unauthorized')
    }
  })

  it('ends a session after 2 hours without a request', async () => {
    t.clock.advance(WEB_SESSION_IDLE_TIMEOUT_MS - MINUTE_MS)
    expect((await me(operator.headers)).statusCode).toBe(200)
    // The request above slid the idle window forward.
    t.clock.advance(WEB_SESSION_IDLE_TIMEOUT_MS - MINUTE_MS)
    expect((await me(operator.headers)).statusCode).toBe(200)
    t.clock.advance(WEB_SESSION_IDLE_TIMEOUT_MS)
    expect((await me(operator.headers)).statusCode).toBe(401)
    // The dead session is gone for good.
    t.clock.set(new Date(t.clock.now().getTime() - WEB_SESSION_IDLE_TIMEOUT_MS))
    expect((await me(operator.headers)).statusCode).toBe(401)
  })

  it('ends a session 12 hours after log-in however active it is', async () => {
    const start = t.clock.now().getTime()
    while (t.clock.now().getTime() - start < WEB_SESSION_LIFETIME_MS - 60 * MINUTE_MS) {
      t.clock.advance(60 * MINUTE_MS)
      expect((await me(operator.headers)).statusCode).toBe(200)
    }
    t.clock.advance(60 * MINUTE_MS)
    expect((await me(operator.headers)).statusCode).toBe(401)
  })

  it('refuses the session of a disabled operator', async () => {
    await t.store.db
      .updateTable('operators')
      .set({ disabled: 1 })
      .where('id', '=', operator.id)
      .execute()
    expect((await me(operator.headers)).statusCode).toBe(401)
  })

  it('purges idle sessions in housekeeping and keeps live ones', async () => {
    const rows = () =>
      t.store.db
        .selectFrom('web_sessions')
        .select('operator_id')
        .where('operator_id', '=', operator.id)
        .execute()
    expect(await rows()).toHaveLength(1)
    t.clock.advance(WEB_SESSION_IDLE_TIMEOUT_MS - MINUTE_MS)
    const services = { db: t.store.db, clock: t.clock }
    await purgeStaleWebSessions(services)
    expect(await rows()).toHaveLength(1)
    t.clock.advance(2 * MINUTE_MS)
    expect(await purgeStaleWebSessions(services)).toBeGreaterThanOrEqual(1)
    expect(await rows()).toHaveLength(0)
  })
})
