import { afterEach, beforeEach, expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

describeEachStore('audit routes', (fixture) => {
  let t: TestApp
  beforeEach(async () => {
    t = await createTestApp(fixture.store())
  })
  afterEach(() => t.close())

  it("lists the tenant's events, newest first, for admins only", async () => {
    const tenant = await t.createTenant()
    const other = await t.createTenant()
    const admin = await t.createOperator(tenant.id, 'admin')
    const operator = await t.createOperator(tenant.id, 'operator')
    const record = async (tenantId: string, reason: string) => {
      t.clock.advance(1_000)
      await t.store.db
        .insertInto('audit_events')
        .values({
          id: crypto.randomUUID(),
          tenant_id: tenantId,
          kind: 'redeem-failed',
          ip: '192.0.2.1',
          operator_id: null,
          detail: JSON.stringify({ reason }),
          created_at: t.clock.now().toISOString(),
        })
        .execute()
    }
    await record(tenant.id, 'unknown-code')
    await record(other.id, 'used-code')
    await record(tenant.id, 'expired-code')

    const get = (query: string, headers = admin.headers) =>
      t.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers })
    const response = await get('')
    expect(response.statusCode).toBe(200)
    const { events } = response.json<{ events: Array<{ detail: { reason: string } }> }>()
    expect(events.map((e) => e.detail.reason)).toEqual(['expired-code', 'unknown-code'])
    expect(events[0]).toMatchObject({ kind: 'redeem-failed', ip: '192.0.2.1', operatorId: null })

    expect((await get('?limit=1')).json<{ events: unknown[] }>().events).toHaveLength(1)
    expect((await get('?limit=0')).statusCode).toBe(400)
    expect((await get('?limit=501')).statusCode).toBe(400)
    expect((await get('', operator.headers)).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401)
  })
})
