import { randomUUID } from 'node:crypto'

import { expect, it } from 'vitest'

import { manualClock } from '../clock.js'
import type { SessionState } from '../store/schema.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, testConfig } from '../test-support/test-app.js'
import { createMetrics } from '../ops/metrics.js'
import { runExpiry, runPurge, startHousekeeping } from './housekeeping.js'
import { purgeExpiredHistory } from './purge.js'

const DAY = 24 * 60 * 60_000

describeEachStore('history purge', (fixture) => {
  it("deletes rows older than each tenant's retention, and only those", async () => {
    const { db } = fixture.store()
    const clock = manualClock(new Date('2026-06-01T00:00:00.000Z'))
    const ago = (days: number) => new Date(clock.now().getTime() - days * DAY).toISOString()

    const tenant = async (retentionDays: number) => {
      const id = randomUUID()
      await db
        .insertInto('tenants')
        .values({
          id,
          slug: `p-${id.slice(0, 8)}`,
          name: 'Co',
          brand_color: '#000000',
          logo_url: null,
          retention_days: retentionDays,
          created_at: ago(400),
        })
        .execute()
      return id
    }
    const session = async (tenantId: string, days: number, state: SessionState = 'ended') => {
      const id = randomUUID()
      await db
        .insertInto('support_sessions')
        .values({
          id,
          tenant_id: tenantId,
          operator_id: randomUUID(),
          code: String(Math.floor(Math.random() * 100_000_000)).padStart(8, '0'),
          method: 'code',
          state,
          created_at: ago(days),
          expires_at: ago(days),
          redeemed_at: null,
          started_at: null,
          ended_at: null,
          customer_ip: '203.0.113.1',
          operator_ip: null,
          agent_os: null,
          outcome: null,
          agent_token_hash: null,
          invitee_email_cipher: null,
          invitee_email_index: null,
        })
        .execute()
      return id
    }
    const audit = async (tenantId: string | null, days: number) => {
      const id = randomUUID()
      await db
        .insertInto('audit_events')
        .values({
          id,
          tenant_id: tenantId,
          kind: 'redeem-failed',
          ip: null,
          operator_id: null,
          detail: '{}',
          created_at: ago(days),
        })
        .execute()
      return id
    }

    const short = await tenant(30)
    const long = await tenant(180)
    const shortOld = await session(short, 31)
    const shortRecent = await session(short, 29)
    const shortOldLive = await session(short, 31, 'active')
    const longOld = await session(long, 31)
    const longAncient = await session(long, 181)
    const conversation = randomUUID()
    await db
      .insertInto('chat_conversations')
      .values({
        id: conversation,
        tenant_id: short,
        session_id: shortOld,
        customer_name: null,
        state: 'closed',
        created_at: ago(31),
        closed_at: ago(31),
      })
      .execute()
    await db
      .insertInto('chat_messages')
      .values({
        id: randomUUID(),
        conversation_id: conversation,
        tenant_id: short,
        sender: 'customer',
        operator_id: null,
        body_cipher: 'x',
        created_at: ago(31),
      })
      .execute()
    const shortOldAudit = await audit(short, 31)
    const longOldAudit = await audit(long, 31)
    const orphanOldAudit = await audit(null, 181)
    const orphanAudit = await audit(null, 31)

    const counts = await purgeExpiredHistory({ db, clock, config: testConfig() })
    expect(counts.sessions).toBeGreaterThanOrEqual(2)

    const sessions = await db
      .selectFrom('support_sessions')
      .select('id')
      .where('tenant_id', 'in', [short, long])
      .execute()
    expect(sessions.map((s) => s.id).sort()).toEqual([shortRecent, shortOldLive, longOld].sort())
    expect(sessions.map((s) => s.id)).not.toContain(longAncient)
    const events = await db
      .selectFrom('audit_events')
      .select('id')
      .where('id', 'in', [shortOldAudit, longOldAudit, orphanOldAudit, orphanAudit])
      .execute()
    expect(events.map((e) => e.id).sort()).toEqual([longOldAudit, orphanAudit].sort())
    const chats = await db
      .selectFrom('chat_conversations')
      .select('id')
      .where('id', '=', conversation)
      .execute()
    expect(chats).toEqual([])
    const messages = await db
      .selectFrom('chat_messages')
      .select('id')
      .where('conversation_id', '=', conversation)
      .execute()
    expect(messages).toEqual([])

    // A tenant that shortens its retention sees the effect on the next run.
    await db.updateTable('tenants').set({ retention_days: 30 }).where('id', '=', long).execute()
    await purgeExpiredHistory({ db, clock, config: testConfig() })
    const left = await db
      .selectFrom('support_sessions')
      .select('id')
      .where('tenant_id', '=', long)
      .execute()
    expect(left).toEqual([])
  })

  it('counts purged rows and live sessions in the metrics', async () => {
    const { db } = fixture.store()
    const clock = manualClock(new Date('2030-01-01T00:00:00.000Z'))
    const deps = { db, clock, config: testConfig(), metrics: createMetrics() }
    const purged = await runPurge(deps)
    const counter = await deps.metrics.historyPurged.get()
    expect(counter.values[0]?.value ?? 0).toBe(purged)
    const { live } = await runExpiry(deps)
    expect((await deps.metrics.liveSessions.get()).values[0]?.value).toBe(live)
  })

  it('also deletes console log-ins that expired', async () => {
    const t = await createTestApp(fixture.store())
    const tenant = await t.createTenant()
    const operator = await t.createOperator(tenant.id)
    const { db } = fixture.store()
    const clock = manualClock(new Date(t.clock.now().getTime() + 13 * 3600_000))
    await runPurge({ db, clock, config: testConfig(), metrics: createMetrics() })
    const left = await db
      .selectFrom('web_sessions')
      .select('operator_id')
      .where('operator_id', '=', operator.id)
      .execute()
    expect(left).toEqual([])
    await t.close()
  })

  it('starts and stops its timers cleanly', async () => {
    const { db } = fixture.store()
    const deps = { db, clock: manualClock(), config: testConfig(), metrics: createMetrics() }
    const housekeeping = startHousekeeping(deps, (job, error) => {
      throw new Error(`job ${job} failed`, { cause: error })
    })
    await expect(housekeeping.stop()).resolves.toBeUndefined()
  })
})
