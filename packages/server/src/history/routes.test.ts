import { randomUUID } from 'node:crypto'

import { afterEach, beforeEach, expect, it } from 'vitest'

import type { SupportSessionTable } from '../store/schema.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'

interface HistoryJson {
  rows: Array<{ id: string; operator: { id: string }; method: string; customerIp: string | null }>
  nextCursor: string | null
}

const T0 = Date.parse('2026-03-01T00:00:00.000Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()

describeEachStore('history routes', (fixture) => {
  let t: TestApp
  let tenantId: string
  let admin: TestOperator
  let operator: TestOperator

  beforeEach(async () => {
    t = await createTestApp(fixture.store())
    tenantId = (await t.createTenant()).id
    admin = await t.createOperator(tenantId, 'admin')
    operator = await t.createOperator(tenantId, 'operator')
  })
  afterEach(() => t.close())

  const insert = async (rows: Array<Partial<SupportSessionTable>>) => {
    const values = rows.map((row, i) => ({
      id: randomUUID(),
      tenant_id: tenantId,
      operator_id: operator.id,
      code: String(10_000_000 + i),
      method: 'code' as const,
      state: 'ended' as const,
      created_at: at(i),
      expires_at: at(i + 30),
      redeemed_at: at(i + 1),
      started_at: at(i + 2),
      ended_at: at(i + 10),
      customer_ip: '203.0.113.9',
      operator_ip: '192.0.2.1',
      agent_os: 'Linux',
      outcome: 'completed',
      agent_token_hash: null,
      invitee_email_cipher: null,
      invitee_email_index: null,
      ...row,
    }))
    for (let i = 0; i < values.length; i += 200) {
      await t.store.db
        .insertInto('support_sessions')
        .values(values.slice(i, i + 200))
        .execute()
    }
    return values.map((v) => v.id)
  }
  const history = async (as: TestOperator, query = '') => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/history${query}`,
      headers: as.headers,
    })
    return { response, body: response.json<HistoryJson>() }
  }

  it('shows admins the tenant and operators their own rows, never another tenant', async () => {
    const [own] = await insert([{}])
    const [colleague] = await insert([{ operator_id: admin.id, created_at: at(5) }])
    const otherTenant = await t.createTenant()
    const stranger = await t.createOperator(otherTenant.id, 'admin')
    await insert([{ tenant_id: otherTenant.id, operator_id: stranger.id }])

    expect((await history(admin)).body.rows.map((r) => r.id)).toEqual([colleague, own])
    expect((await history(operator)).body.rows.map((r) => r.id)).toEqual([own])
    expect((await history(operator, `?operatorId=${admin.id}`)).body.rows).toEqual([])
    const { body } = await history(admin)
    expect(body.rows[1]).toMatchObject({
      operator: { id: operator.id },
      method: 'code',
      state: 'ended',
      outcome: 'completed',
      customerIp: '203.0.113.9',
      operatorIp: '192.0.2.1',
      agentOs: 'Linux',
      startedAt: at(2),
    })
    expect(body.nextCursor).toBeNull()
  })

  it('filters by time, operator, method, outcome and state', async () => {
    const ids = await insert([
      {},
      { method: 'chat' },
      { outcome: 'declined' },
      { state: 'cancelled', outcome: 'cancelled' },
      { operator_id: admin.id },
    ])
    const found = async (query: string) =>
      (await history(admin, query)).body.rows.map((r) => r.id).sort()
    expect(await found(`?from=${at(1)}&to=${at(3)}`)).toEqual([ids[1], ids[2]].sort())
    expect(await found(`?from=${encodeURIComponent('2026-03-01T09:03:00+09:00')}`)).toEqual(
      [ids[3], ids[4]].sort(),
    )
    expect(await found('?method=chat')).toEqual([ids[1]])
    expect(await found('?outcome=declined')).toEqual([ids[2]])
    expect(await found('?state=cancelled')).toEqual([ids[3]])
    expect(await found(`?operatorId=${admin.id}`)).toEqual([ids[4]])
  })

  it('pages through every row with an opaque cursor, newest first', async () => {
    // Five rows, two pairs sharing a creation time: the id breaks the tie.
    const ids = await insert([{}, { created_at: at(0) }, {}, { created_at: at(2) }, {}])
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = `?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`
      const { response, body } = await history(admin, query)
      expect(response.statusCode).toBe(200)
      seen.push(...body.rows.map((r) => r.id))
      cursor = body.nextCursor
      pages += 1
    } while (cursor !== null && pages < 10)
    expect(pages).toBe(3)
    expect(seen).toHaveLength(5)
    expect(new Set(seen)).toEqual(new Set(ids))
    const all = (await history(admin)).body.rows.map((r) => r.id)
    expect(seen).toEqual(all)
  })

  it('refuses bad filters, naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['?from=yesterday', 'from'],
      ['?to=2026-02-30', 'to'],
      [`?from=${at(5)}&to=${at(1)}`, 'to'],
      ['?cursor=not-a-cursor', 'cursor'],
      [`?cursor=${Buffer.from('x\ny').toString('base64url')}`, 'cursor'],
      ['?method=fax', 'method'],
      ['?state=sleeping', 'state'],
      ['?limit=0', 'limit'],
      ['?limit=501', 'limit'],
    ]
    for (const [query, field] of cases) {
      const { response } = await history(admin, query)
      expect(response.statusCode, query).toBe(400)
      expect(response.json(), query).toMatchObject({
        error: { code: 'invalid-request', details: { field } },
      })
    }
  })

  it('exports every matching row as CSV for admins only', async () => {
    await t.store.db
      .updateTable('operators')
      .set({ display_name: '=cmd|"/c calc"!A1, 佐藤' })
      .where('id', '=', operator.id)
      .execute()
    const many = Array.from({ length: 620 }, () => ({}))
    await insert([...many, { method: 'chat' }])

    const forbidden = await t.app.inject({
      method: 'GET',
      url: '/api/v1/history.csv',
      headers: operator.headers,
    })
    expect(forbidden.statusCode).toBe(403)

    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/history.csv',
      headers: admin.headers,
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8')
    const day = t.clock.now().toISOString().slice(0, 10)
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="tasuke-history-${day}.csv"`,
    )
    const bytes = response.rawPayload
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toMatch(/^id,created_at,/)
    expect(lines.at(-1)).toBe('')
    expect(lines).toHaveLength(1 + 621 + 1)
    expect(lines[1]).toContain(`"'=cmd|""/c calc""!A1, 佐藤"`)
    expect(lines[1]).toContain(',chat,')

    const filtered = await t.app.inject({
      method: 'GET',
      url: '/api/v1/history.csv?method=chat',
      headers: admin.headers,
    })
    expect(filtered.body.split('\r\n')).toHaveLength(3)
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/history.csv?from=soon',
      headers: admin.headers,
    })
    expect(bad.statusCode).toBe(400)
  })
})
