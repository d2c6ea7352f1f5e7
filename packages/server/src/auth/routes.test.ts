import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'
import {
  type AuthJson,
  cheapHasher,
  cookieOf,
  errorOf,
  sessionHeaders,
} from './test-support/identity.js'

const PASSWORD = 'correct horse battery'

describeEachStore('auth routes', (fixture) => {
  let t: TestApp
  let tenantId: string
  let nextIp = 1

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    tenantId = (await t.createTenant()).id
  })

  /** A distinct client address per test, so the per-address limit of one does not leak. */
  const freshIp = () => `198.51.100.${nextIp++}`

  async function operatorWithPassword(role: 'admin' | 'operator' = 'operator') {
    const operator = await t.createOperator(tenantId, role)
    await t.store.db
      .updateTable('operators')
      .set({ password_hash: await cheapHasher.hash(PASSWORD) })
      .where('id', '=', operator.id)
      .execute()
    return operator
  }

  const login = (email: string, password: string, ip = '127.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: ip,
      payload: { email, password },
    })

  async function loggedIn(operator: TestOperator, ip = freshIp()) {
    const response = await login(operator.email, PASSWORD, ip)
    expect(response.statusCode).toBe(200)
    return sessionHeaders(response)
  }

  const me = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })

  const operatorRow = (id: string) =>
    t.store.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('logs in with a session cookie that is HttpOnly, Secure and SameSite=Strict', async () => {
    const operator = await operatorWithPassword()
    const response = await login(operator.email.toUpperCase(), PASSWORD, freshIp())
    expect(response.statusCode).toBe(200)
    const body = response.json<AuthJson>()
    expect(body.operator).toMatchObject({ id: operator.id, email: operator.email })
    expect(body.tenant.id).toBe(tenantId)
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(response.cookies.find((c) => c.name === 'tasuke_session')).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
    })
    const answer = await me({ cookie: cookieOf(response) })
    expect(answer.statusCode).toBe(200)
    expect(answer.json<AuthJson>().csrfToken).toBe(body.csrfToken)
  })

  it('gives the same answer for an unknown e-mail, a wrong password, no password, disabled', async () => {
    const withPassword = await operatorWithPassword()
    const invited = await t.createOperator(tenantId)
    const disabled = await operatorWithPassword()
    await t.store.db
      .updateTable('operators')
      .set({ disabled: 1 })
      .where('id', '=', disabled.id)
      .execute()
    const answers = [
      await login('nobody@example.com', PASSWORD, freshIp()),
      await login(withPassword.email, 'wrong password!', freshIp()),
      await login(invited.email, PASSWORD, freshIp()),
      await login(disabled.email, PASSWORD, freshIp()),
    ]
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401)
      expect(answer.json()).toEqual(answers[0]?.json())
      expect(errorOf(answer).code).toBe('invalid-credentials')
      expect(answer.cookies).toHaveLength(0)
    }
    const events = await t.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'login-failed')
      .execute()
    const mine = events.filter((e) => e.operator_id === withPassword.id)
    expect(mine).toHaveLength(1)
    expect(mine[0]?.tenant_id).toBe(tenantId)
    for (const event of events) expect(event.detail).not.toContain('@')
  })

  it('locks an account after 5 failures in a row, doubling the lockout with each further one', async () => {
    const operator = await operatorWithPassword()
    const ip = freshIp()
    for (let i = 0; i < 4; i++) {
      expect((await login(operator.email, 'wrong password!', ip)).statusCode).toBe(401)
    }
    const fifth = await login(operator.email, 'wrong password!', ip)
    expect(fifth.statusCode).toBe(429)
    expect(errorOf(fifth)).toMatchObject({
      code: 'rate-limited',
      details: { retryAfterSeconds: 60 },
    })
    expect(fifth.headers['retry-after']).toBe('60')

    // While locked even the right password is refused.
    expect((await login(operator.email, PASSWORD, ip)).statusCode).toBe(429)

    t.clock.advance(60_000)
    const sixth = await login(operator.email, 'wrong password!', ip)
    expect(sixth.statusCode).toBe(429)
    expect(errorOf(sixth).details?.retryAfterSeconds).toBe(120)

    t.clock.advance(120_000)
    expect((await login(operator.email, PASSWORD, ip)).statusCode).toBe(200)
    expect(await operatorRow(operator.id)).toMatchObject({ failed_logins: 0, locked_until: null })
    // A success starts the count again: four more failures do not lock.
    for (let i = 0; i < 4; i++) {
      expect((await login(operator.email, 'wrong password!', ip)).statusCode).toBe(401)
    }
    const lockouts = await t.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'login-locked-out')
      .where('operator_id', '=', operator.id)
      .execute()
    expect(lockouts).toHaveLength(2)
  })

  it('caps the lockout at one hour', async () => {
    const operator = await operatorWithPassword()
    const ip = freshIp()
    await t.store.db
      .updateTable('operators')
      .set({ failed_logins: 20 })
      .where('id', '=', operator.id)
      .execute()
    const response = await login(operator.email, 'wrong password!', ip)
    expect(errorOf(response).details?.retryAfterSeconds).toBe(3600)
  })

  it('limits failures per client address, across accounts, and IPv6 per /64', async () => {
    const operator = await operatorWithPassword()
    for (let i = 0; i < 19; i++) {
      const response = await login(`nobody${i}@example.com`, PASSWORD, '2001:db8:7:7::1')
      expect(response.statusCode).toBe(401)
    }
    const twentieth = await login('nobody@example.com', PASSWORD, '2001:db8:7:7::99')
    expect(twentieth.statusCode).toBe(429)
    expect(errorOf(twentieth).details?.retryAfterSeconds).toBeGreaterThan(0)
    // Even the right password from that network is refused now; another address is not.
    expect((await login(operator.email, PASSWORD, '2001:db8:7:7:abcd::1')).statusCode).toBe(429)
    expect((await login(operator.email, PASSWORD, '2001:db8:7:8::1')).statusCode).toBe(200)
    const lockouts = await t.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('kind', '=', 'login-locked-out')
      .where('ip', '=', '2001:db8:7:7::99')
      .execute()
    expect(lockouts.map((e) => (JSON.parse(e.detail) as { scope: string }).scope)).toEqual([
      'address',
    ])
  })

  it('logs out: the cookie stops working and is cleared', async () => {
    const operator = await operatorWithPassword()
    const session = await loggedIn(operator)
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: session,
    })
    expect(response.statusCode).toBe(204)
    expect(response.cookies.find((c) => c.name === 'tasuke_session')?.value).toBe('')
    expect((await me(session)).statusCode).toBe(401)
  })

  it('logs out everywhere: every session of the operator ends, others stay', async () => {
    const operator = await operatorWithPassword()
    const colleague = await operatorWithPassword()
    const laptop = await loggedIn(operator)
    const phone = await loggedIn(operator)
    const other = await loggedIn(colleague)
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout-all',
      headers: phone,
    })
    expect(response.statusCode).toBe(204)
    expect((await me(laptop)).statusCode).toBe(401)
    expect((await me(phone)).statusCode).toBe(401)
    expect((await me(other)).statusCode).toBe(200)
    const events = await t.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('kind', '=', 'logout-everywhere')
      .where('operator_id', '=', operator.id)
      .execute()
    expect(events).toHaveLength(1)
  })

  it('changes the password, ending the other sessions only', async () => {
    const operator = await operatorWithPassword()
    const here = await loggedIn(operator)
    const elsewhere = await loggedIn(operator)
    const change = (currentPassword: string, newPassword: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: here,
        remoteAddress: freshIp(),
        payload: { currentPassword, newPassword },
      })

    const wrong = await change('not my password', 'a brand new password')
    expect(wrong.statusCode).toBe(400)
    expect(errorOf(wrong).code).toBe('wrong-password')
    const short = await change(PASSWORD, 'short')
    expect(short.statusCode).toBe(400)
    expect(errorOf(short).details?.field).toBe('newPassword')
    expect((await me(elsewhere)).statusCode).toBe(200)

    expect((await change(PASSWORD, 'a brand new password')).statusCode).toBe(204)
    expect((await me(here)).statusCode).toBe(200)
    expect((await me(elsewhere)).statusCode).toBe(401)
    expect((await login(operator.email, PASSWORD, freshIp())).statusCode).toBe(401)
    expect((await login(operator.email, 'a brand new password', freshIp())).statusCode).toBe(200)
  })

  it('answers 401 to /auth/me without a session', async () => {
    const response = await me({})
    expect(response.statusCode).toBe(401)
    expect(errorOf(response).code).toBe('unauthorized')
  })

  const badLogins: [string, Record<string, unknown>, string][] = [
    ['no e-mail', { password: PASSWORD }, 'email'],
    ['a number as password', { email: 'a@example.com', password: { x: 1 } }, 'password'],
    ['an unknown field', { email: 'a@example.com', password: PASSWORD, remember: 1 }, 'remember'],
    ['a too long password', { email: 'a@example.com', password: 'x'.repeat(201) }, 'password'],
    ['a too long e-mail', { email: `${'a'.repeat(250)}@x.io`, password: PASSWORD }, 'email'],
  ]
  for (const [what, payload, field] of badLogins) {
    it(`refuses a log-in with ${what} (400 naming ${field})`, async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: freshIp(),
        payload,
      })
      expect(response.statusCode).toBe(400)
      expect(errorOf(response)).toMatchObject({ code: 'invalid-request', details: { field } })
      expect(response.cookies).toHaveLength(0)
    })
  }
})
