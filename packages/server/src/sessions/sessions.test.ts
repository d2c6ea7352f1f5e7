import { randomUUID } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { manualClock } from '../clock.js'
import { describeEachStore } from '../store/store.contract.js'
import {
  CodeSpaceExhaustedError,
  generateSessionCode,
  MAX_CODE_TRIES,
  type RandomInt,
} from './code-generator.js'
import { SessionTransitionError } from './session-state.js'
import {
  cancelSession,
  createSession,
  endAbandonedConnections,
  expireDueSessions,
  markActive,
  markEnded,
} from './sessions.js'

/** A random source that returns the given values in turn (then repeats the last). */
function scripted(...values: number[]): RandomInt & { calls: number } {
  const fn = Object.assign(
    (min: number, max: number) => {
      expect([min, max]).toEqual([0, 100_000_000])
      const value = values[Math.min(fn.calls, values.length - 1)] ?? 0
      fn.calls += 1
      return value
    },
    { calls: 0 },
  )
  return fn
}

describe('generateSessionCode', () => {
  it('gives 8 digits, zero-padded', () => {
    expect(generateSessionCode(scripted(42))).toBe('00000042')
    expect(generateSessionCode(scripted(99_999_999))).toBe('99999999')
    for (let i = 0; i < 50; i++) expect(generateSessionCode()).toMatch(/^\d{8}$/)
  })
})

describeEachStore('sessions rules', (fixture) => {
  const setup = () => {
    const { db } = fixture.store()
    const clock = manualClock(new Date())
    const deps = { db, clock }
    const tenant = async () => {
      const id = randomUUID()
      await db
        .insertInto('tenants')
        .values({
          id,
          slug: `s-${id.slice(0, 8)}`,
          name: 'Co',
          brand_color: '#000000',
          logo_url: null,
          retention_days: 180,
          created_at: clock.now().toISOString(),
        })
        .execute()
      return id
    }
    const newSession = (tenantId: string, random?: RandomInt) =>
      createSession(
        deps,
        {
          tenantId,
          operatorId: randomUUID(),
          method: 'code',
          expiresInMinutes: 30,
          operatorIp: '192.0.2.1',
        },
        random,
      )
    return { db, clock, deps, tenant, newSession }
  }

  it('keeps live numbers unique across tenants by drawing again on a clash', async () => {
    const { newSession, tenant } = setup()
    const a = await newSession(await tenant(), scripted(31_415_926))
    const random = scripted(31_415_926, 31_415_926, 27_182_818)
    const b = await newSession(await tenant(), random)
    expect(a.code).toBe('31415926')
    expect(b.code).toBe('27182818')
    expect(random.calls).toBe(3)
  })

  it('gives up with a clear error after a bounded number of clashes, writing nothing', async () => {
    const { db, newSession, tenant } = setup()
    const tenantId = await tenant()
    await newSession(tenantId, scripted(16_180_339))
    const random = scripted(16_180_339)
    await expect(newSession(tenantId, random)).rejects.toBeInstanceOf(CodeSpaceExhaustedError)
    expect(random.calls).toBe(MAX_CODE_TRIES)
    const rows = await db
      .selectFrom('support_sessions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .execute()
    expect(rows).toHaveLength(1)
  })

  it('frees a number when its session is over, so it can be issued again', async () => {
    const { deps, newSession, tenant } = setup()
    const tenantId = await tenant()
    const first = await newSession(tenantId, scripted(14_142_135))
    const viewer = { tenantId, operatorId: first.operator.id, role: 'operator' as const }
    expect(await cancelSession(deps, viewer, first.id)).toMatchObject({ ok: true })
    const second = await newSession(await tenant(), scripted(14_142_135))
    expect(second.code).toBe('14142135')
  })

  it('lets the relay mark a redeemed session active and then ended', async () => {
    const { db, clock, deps, newSession, tenant } = setup()
    const session = await newSession(await tenant())
    // Only a redeemed (connecting) session can be paired.
    await expect(markActive(deps, session.id)).rejects.toBeInstanceOf(SessionTransitionError)
    await db
      .updateTable('support_sessions')
      .set({ state: 'connecting', redeemed_at: clock.now().toISOString() })
      .where('id', '=', session.id)
      .execute()
    clock.advance(1_000)
    await markActive(deps, session.id)
    clock.advance(60_000)
    await markEnded(deps, session.id, 'completed', { agentOs: 'Linux x86_64' })
    const row = await db
      .selectFrom('support_sessions')
      .selectAll()
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ state: 'ended', outcome: 'completed', agent_os: 'Linux x86_64' })
    expect(Date.parse(row.ended_at ?? '') - Date.parse(row.started_at ?? '')).toBe(60_000)
    const live = await db
      .selectFrom('live_codes')
      .selectAll()
      .where('session_id', '=', session.id)
      .execute()
    expect(live).toEqual([])
    await expect(markEnded(deps, session.id, 'completed')).rejects.toMatchObject({
      from: 'ended',
      event: 'end',
    })
  })

  it('expires waiting sessions past their expiry and gives up stale redemptions', async () => {
    const { db, clock, deps, newSession, tenant } = setup()
    const tenantId = await tenant()
    const waiting = await newSession(tenantId)
    const redeemed = await newSession(tenantId)
    await db
      .updateTable('support_sessions')
      .set({ state: 'connecting', redeemed_at: clock.now().toISOString() })
      .where('id', '=', redeemed.id)
      .execute()
    expect(await expireDueSessions(deps)).toBe(0)
    clock.advance(30 * 60_000)
    expect(await expireDueSessions(deps)).toBeGreaterThanOrEqual(1)
    clock.advance(31 * 60_000)
    expect(await endAbandonedConnections(deps)).toBeGreaterThanOrEqual(1)

    const rows = await db
      .selectFrom('support_sessions')
      .select(['id', 'state', 'outcome'])
      .where('tenant_id', '=', tenantId)
      .execute()
    expect(rows.find((r) => r.id === waiting.id)).toMatchObject({
      state: 'expired',
      outcome: 'expired',
    })
    expect(rows.find((r) => r.id === redeemed.id)).toMatchObject({
      state: 'ended',
      outcome: 'not-connected',
    })
    const live = await db
      .selectFrom('live_codes')
      .selectAll()
      .where('session_id', 'in', [waiting.id, redeemed.id])
      .execute()
    expect(live).toEqual([])
  })
})
