import { sql } from 'kysely'
import { expect, it } from 'vitest'

import { migrateToLatest } from './migrate.js'
import { describeEachStore } from './store.contract.js'

describeEachStore('store', (fixture) => {
  it('runs the migrations once and is idempotent on restart', async () => {
    const { db } = fixture.store()
    expect(await migrateToLatest(db)).toEqual([])
    const result = await sql<{ n: number }>`select count(*) as n from tenants`.execute(db)
    expect(Number(result.rows[0]?.n)).toBe(0)
  })

  it('answers a ping', async () => {
    await expect(fixture.store().ping()).resolves.toBeUndefined()
  })

  it('enforces unique live codes across tenants', async () => {
    const { db } = fixture.store()
    const now = new Date().toISOString()
    await db
      .insertInto('tenants')
      .values({
        id: 't1',
        slug: 'a',
        name: 'A',
        brand_color: '#000000',
        logo_url: null,
        retention_days: 180,
        created_at: now,
      })
      .execute()
    const session = (id: string) => ({
      id,
      tenant_id: 't1',
      operator_id: 'o1',
      code: '12345678',
      method: 'code' as const,
      state: 'waiting' as const,
      created_at: now,
      expires_at: now,
      redeemed_at: null,
      started_at: null,
      ended_at: null,
      customer_ip: null,
      operator_ip: null,
      agent_os: null,
      outcome: null,
      agent_token_hash: null,
      invitee_email_cipher: null,
      invitee_email_index: null,
    })
    await db
      .insertInto('support_sessions')
      .values([session('s1'), session('s2')])
      .execute()
    await db
      .insertInto('live_codes')
      .values({ code: '12345678', session_id: 's1', created_at: now })
      .execute()
    await expect(
      db
        .insertInto('live_codes')
        .values({ code: '12345678', session_id: 's2', created_at: now })
        .execute(),
    ).rejects.toThrow()
  })
})
