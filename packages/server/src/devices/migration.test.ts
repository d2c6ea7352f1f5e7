import { randomUUID } from 'node:crypto'

import { expect, it } from 'vitest'

import { migrateToLatest } from '../store/migrate.js'
import { describeEachStore } from '../store/store.contract.js'
import type { DeviceRow, EnrolmentTokenRow } from './store.js'

describeEachStore('migration 0005-devices', (fixture) => {
  const now = '2026-05-01T10:00:00.000Z'
  const tenant = async () => {
    const id = randomUUID()
    await fixture
      .store()
      .db.insertInto('tenants')
      .values({
        id,
        slug: `s-${id.slice(0, 8)}`,
        name: 'T',
        brand_color: '#000000',
        logo_url: null,
        retention_days: 180,
        created_at: now,
      })
      .execute()
    return id
  }
  const token = (tenantId: string, hash: string): EnrolmentTokenRow => ({
    id: randomUUID(),
    tenant_id: tenantId,
    token_hash: hash,
    label: null,
    group_name: null,
    created_by: 'o',
    created_at: now,
    expires_at: now,
    used_at: null,
    used_by_device_id: null,
    revoked_at: null,
  })
  const device = (tenantId: string, tokenId: string): DeviceRow => ({
    id: randomUUID(),
    tenant_id: tenantId,
    name: 'PC',
    group_name: null,
    os_platform: 'linux',
    os_release: '6',
    os_arch: 'x64',
    agent_version: '0.1.0',
    secret_hash: 'h',
    enrolment_token_id: tokenId,
    enrolled_at: now,
    enrolled_ip: null,
    last_seen_at: null,
    last_ip: null,
    policy_mode: null,
    policy_ask_seconds: null,
    revoked_at: null,
    left_at: null,
  })

  it('is applied once, with one device per token and unique token hashes', async () => {
    const { db } = fixture.store()
    expect(await migrateToLatest(db)).toEqual([])
    const tenantId = await tenant()
    const first = token(tenantId, 'hash-1')
    await db.insertInto('device_enrolment_tokens').values(first).execute()
    await expect(
      db.insertInto('device_enrolment_tokens').values(token(tenantId, 'hash-1')).execute(),
    ).rejects.toThrow()
    await db.insertInto('devices').values(device(tenantId, first.id)).execute()
    await expect(
      db.insertInto('devices').values(device(tenantId, first.id)).execute(),
    ).rejects.toThrow()
  })

  it('goes with its tenant: tokens, devices and the policy are deleted with it', async () => {
    const { db } = fixture.store()
    const tenantId = await tenant()
    const row = token(tenantId, `hash-${tenantId}`)
    await db.insertInto('device_enrolment_tokens').values(row).execute()
    await db.insertInto('devices').values(device(tenantId, row.id)).execute()
    await db
      .insertInto('device_settings')
      .values({
        tenant_id: tenantId,
        policy_mode: 'connect',
        policy_ask_seconds: null,
        updated_at: now,
      })
      .execute()
    await db.deleteFrom('tenants').where('id', '=', tenantId).execute()
    for (const table of ['device_enrolment_tokens', 'devices', 'device_settings'] as const) {
      const left = await db
        .selectFrom(table)
        .select('tenant_id')
        .where('tenant_id', '=', tenantId)
        .execute()
      expect(left, table).toEqual([])
    }
  })
})
