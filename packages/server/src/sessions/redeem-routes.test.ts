import { createHash } from 'node:crypto'

import { afterEach, expect, it } from 'vitest'

import type { Config } from '../config.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'
import { REDEEM_LIMITS } from './redeem-guard.js'

interface Session {
  id: string
  code: string
}

describeEachStore('redeem route', (fixture) => {
  let t: TestApp | undefined
  afterEach(() => t?.close())

  const start = async (config: Partial<Config> = {}) => {
    t = await createTestApp(fixture.store(), { config })
    const app = t
    const tenant = await app.createTenant(undefined, 'Sasaki Support')
    const operator = await app.createOperator(tenant.id, 'operator')
    const issue = async (as: TestOperator = operator, expiresInMinutes = 30) => {
      const response = await app.app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        headers: as.headers,
        payload: { expiresInMinutes },
      })
      expect(response.statusCode).toBe(201)
      return response.json<{ session: Session }>().session
    }
    const redeem = (
      payload: unknown,
      options: { ip?: string; headers?: Record<string, string> } = {},
    ) =>
      app.app.inject({
        method: 'POST',
        url: '/api/v1/redeem',
        payload: payload as Record<string, unknown>,
        remoteAddress: options.ip ?? '198.51.100.7',
        ...(options.headers === undefined ? {} : { headers: options.headers }),
      })
    const row = (id: string) =>
      app.store.db
        .selectFrom('support_sessions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    const auditRows = () => app.store.db.selectFrom('audit_events').selectAll().execute()
    return { app, tenant, operator, issue, redeem, row, auditRows }
  }

  it('redeems a number once: the session is connecting and the history has the customer', async () => {
    const { tenant, issue, redeem, row } = await start()
    const session = await issue()
    const response = await redeem({ code: session.code, tenantSlug: tenant.slug })
    expect(response.statusCode).toBe(200)
    const body = response.json<{ sessionId: string; agentToken: string }>()
    expect(body).toMatchObject({
      sessionId: session.id,
      tenant: { name: 'Sasaki Support', slug: tenant.slug },
      operator: { displayName: expect.any(String) as string },
      expiresAt: expect.any(String) as string,
    })
    expect(Buffer.from(body.agentToken, 'base64url')).toHaveLength(32)

    const stored = await row(session.id)
    expect(stored).toMatchObject({ state: 'connecting', customer_ip: '198.51.100.7' })
    expect(stored.redeemed_at).not.toBeNull()
    expect(stored.agent_token_hash).toBe(createHash('sha256').update(body.agentToken).digest('hex'))

    const again = await redeem({ code: session.code })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ error: { code: 'used-code' } })
  })

  it('redeems from a browser that also holds a console session, without a CSRF token', async () => {
    const { issue, redeem, operator } = await start()
    const session = await issue()
    const response = await redeem(
      { code: session.code },
      { headers: { cookie: operator.headers.cookie } },
    )
    expect(response.statusCode).toBe(200)
  })

  it('records the forwarded client address only behind a trusted proxy', async () => {
    const trusted = await start({ trustedProxies: ['127.0.0.1'] })
    const first = await trusted.issue()
    const forwarded = { 'x-forwarded-for': '203.0.113.50' }
    expect(
      (await trusted.redeem({ code: first.code }, { ip: '127.0.0.1', headers: forwarded }))
        .statusCode,
    ).toBe(200)
    expect((await trusted.row(first.id)).customer_ip).toBe('203.0.113.50')
    await t?.close()

    const untrusted = await start()
    const second = await untrusted.issue()
    expect(
      (await untrusted.redeem({ code: second.code }, { ip: '127.0.0.1', headers: forwarded }))
        .statusCode,
    ).toBe(200)
    expect((await untrusted.row(second.id)).customer_ip).toBe('127.0.0.1')
  })

  it('accepts the number as people type it', async () => {
    const { issue, redeem } = await start()
    const fullWidth = (digits: string) =>
      digits.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))
    const forms = [
      (c: string) => `${c.slice(0, 4)} ${c.slice(4)}`,
      (c: string) => `${c.slice(0, 4)}-${c.slice(4)}`,
      (c: string) => fullWidth(c),
      (c: string) => `${fullWidth(c.slice(0, 4))}ー${fullWidth(c.slice(4))}`,
      (c: string) => `${c.slice(0, 4)}－${c.slice(4)}`,
    ]
    for (const form of forms) {
      const session = await issue()
      const response = await redeem({ code: form(session.code) })
      expect(response.statusCode, form(session.code)).toBe(200)
    }
  })

  it('refuses what is not a number with the reason, without looking anything up', async () => {
    const { redeem, auditRows } = await start()
    for (const [code, reason] of [
      ['1234567', 'wrong-length'],
      ['abcdefgh', 'invalid-characters'],
      ['', 'empty'],
    ] as const) {
      const response = await redeem({ code })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({
        error: { code: 'invalid-code', details: { reason } },
      })
    }
    expect((await redeem({})).statusCode).toBe(400)
    expect((await redeem({ code: { digits: '12345678' } })).json()).toMatchObject({
      error: { code: 'invalid-request' },
    })
    const failed = (await auditRows()).filter((r) => r.kind === 'redeem-failed')
    expect(failed.length).toBeGreaterThanOrEqual(3)
  })

  it('refuses unknown body fields', async () => {
    const { issue, redeem, row } = await start()
    const session = await issue()
    const response = await redeem({ code: session.code, operator: 'me' })
    expect(response.statusCode).toBe(400)
    expect((await row(session.id)).state).toBe('waiting')
  })

  it('tells unknown, expired and cancelled numbers apart, revealing no other tenant', async () => {
    const { app, tenant, operator, issue, redeem, row } = await start()
    expect((await redeem({ code: '0000 0000' })).json()).toMatchObject({
      error: { code: 'unknown-code' },
    })

    const expiring = await issue(operator, 5)
    app.clock.advance(5 * 60_000 + 1)
    const expired = await redeem({ code: expiring.code })
    expect(expired.statusCode).toBe(410)
    expect(expired.json()).toMatchObject({ error: { code: 'expired-code' } })
    expect(await row(expiring.id)).toMatchObject({ state: 'expired' })

    const withdrawn = await issue()
    await app.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${withdrawn.id}/cancel`,
      headers: operator.headers,
    })
    expect((await redeem({ code: withdrawn.code })).statusCode).toBe(410)

    const other = await app.createTenant()
    const otherOperator = await app.createOperator(other.id, 'operator')
    const foreign = await issue(otherOperator)
    const elsewhere = await redeem({ code: foreign.code, tenantSlug: tenant.slug })
    const nowhere = await redeem({ code: '1111 2222', tenantSlug: tenant.slug })
    expect(elsewhere.statusCode).toBe(404)
    expect(elsewhere.json()).toEqual(nowhere.json())
    expect(elsewhere.body).not.toContain(other.slug)
    expect((await redeem({ code: foreign.code, tenantSlug: 'no-such-company' })).statusCode).toBe(
      404,
    )
    expect(await row(foreign.id)).toMatchObject({ state: 'waiting' })
    expect((await redeem({ code: foreign.code, tenantSlug: other.slug })).statusCode).toBe(200)
  })

  it('locks an address out after repeated failures, for longer each time', async () => {
    const { app, issue, redeem, auditRows } = await start()
    const { maxFailures, firstLockoutMs } = REDEEM_LIMITS.failuresPerAddress
    const wrongNumbers = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const code = String(10_000_000 + Math.floor(Math.random() * 89_999_999))
        expect((await redeem({ code })).statusCode).toBe(404)
      }
    }
    await wrongNumbers(maxFailures)
    const locked = await redeem({ code: '2222 3333' })
    expect(locked.statusCode).toBe(429)
    expect(locked.headers['retry-after']).toBe(String(firstLockoutMs / 1000))
    expect(locked.json()).toMatchObject({
      error: { code: 'rate-limited', details: { retryAfterSeconds: firstLockoutMs / 1000 } },
    })
    // Even a right number waits: the check comes before any look-up.
    const session = await issue()
    expect((await redeem({ code: session.code })).statusCode).toBe(429)
    // Another address is not affected (IPv6 counts per /64).
    expect((await redeem({ code: '2222 3333' }, { ip: '2001:db8:1:2::5' })).statusCode).toBe(404)

    app.clock.advance(firstLockoutMs)
    await wrongNumbers(maxFailures)
    const longer = await redeem({ code: '2222 3333' })
    expect(longer.statusCode).toBe(429)
    expect(longer.headers['retry-after']).toBe(String((2 * firstLockoutMs) / 1000))

    const lockouts = (await auditRows()).filter((r) => r.kind === 'redeem-locked-out')
    expect(lockouts.length).toBeGreaterThanOrEqual(2)
  })

  it('counts IPv6 addresses of one /64 together', async () => {
    const { redeem } = await start()
    const { maxFailures } = REDEEM_LIMITS.failuresPerAddress
    for (let i = 0; i < maxFailures; i++) {
      const code = String(30_000_000 + i)
      expect((await redeem({ code }, { ip: `2001:db8:aa:bb::${i + 1}` })).statusCode).toBe(404)
    }
    expect((await redeem({ code: '40000000' }, { ip: '2001:db8:aa:bb:ffff::1' })).statusCode).toBe(
      429,
    )
    expect((await redeem({ code: '40000000' }, { ip: '2001:db8:aa:bc::1' })).statusCode).toBe(404)
  })

  it('retires a number that keeps being tried wrongly, from any address', async () => {
    const { tenant, operator, app, issue, redeem, row } = await start()
    const other = await app.createTenant()
    const session = await issue(operator)
    const { maxFailures } = REDEEM_LIMITS.failuresPerNumber
    for (let i = 0; i < maxFailures; i++) {
      const response = await redeem(
        { code: session.code, tenantSlug: other.slug },
        { ip: `192.0.2.${i + 1}` },
      )
      expect(response.statusCode).toBe(404)
    }
    const locked = await redeem(
      { code: session.code, tenantSlug: tenant.slug },
      { ip: '192.0.2.99' },
    )
    expect(locked.statusCode).toBe(429)
    expect(await row(session.id)).toMatchObject({ state: 'waiting' })
  })

  it('audits every failure with its reason but never the number', async () => {
    const { app, tenant, operator, issue, redeem, auditRows } = await start()
    const ip = '198.51.100.77'
    const used = await issue()
    await redeem({ code: used.code }, { ip })
    const expiring = await issue(operator, 5)
    const tried = [used.code, expiring.code, '55556666']
    await redeem({ code: used.code }, { ip })
    await redeem({ code: '5555-6666' }, { ip })
    app.clock.advance(5 * 60_000)
    await redeem({ code: expiring.code }, { ip })

    const rows = (await auditRows()).filter((r) => r.kind === 'redeem-failed' && r.ip === ip)
    const summary = rows.map((r) => [r.tenant_id, JSON.parse(r.detail) as unknown])
    expect(summary).toEqual(
      expect.arrayContaining([
        [tenant.id, { reason: 'used-code' }],
        [null, { reason: 'unknown-code' }],
        [tenant.id, { reason: 'expired-code' }],
      ]),
    )
    expect(rows).toHaveLength(3)
    for (const auditRow of await auditRows()) {
      const text = JSON.stringify(auditRow)
      for (const code of tried) {
        expect(text).not.toContain(code)
        expect(text).not.toContain(`${code.slice(0, 4)}-${code.slice(4)}`)
      }
    }
  })
})
