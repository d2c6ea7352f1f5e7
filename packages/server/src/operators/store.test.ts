import { afterAll, beforeAll, expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { updateOperatorKeepingAnAdmin } from './store.js'

describeEachStore('operators store', (fixture) => {
  let t: TestApp

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())

  const row = (id: string) =>
    t.store.db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('refuses, and rolls back, a change that would leave no enabled admin (last-admin)', async () => {
    const tenant = await t.createTenant()
    const only = await t.createOperator(tenant.id, 'admin')
    const db = t.store.db
    expect(await updateOperatorKeepingAnAdmin(db, tenant.id, only.id, { role: 'operator' })).toBe(
      false,
    )
    expect(await updateOperatorKeepingAnAdmin(db, tenant.id, only.id, { disabled: 1 })).toBe(false)
    expect(await row(only.id)).toMatchObject({ role: 'admin', disabled: 0 })

    const second = await t.createOperator(tenant.id, 'admin')
    expect(await updateOperatorKeepingAnAdmin(db, tenant.id, only.id, { disabled: 1 })).toBe(true)
    expect(await updateOperatorKeepingAnAdmin(db, tenant.id, second.id, { role: 'operator' })).toBe(
      false,
    )
    expect(await row(second.id)).toMatchObject({ role: 'admin', disabled: 0 })
  })

  it('changes nothing in another tenant', async () => {
    const tenant = await t.createTenant()
    const other = await t.createTenant()
    await t.createOperator(tenant.id, 'admin')
    const stranger = await t.createOperator(other.id, 'operator')
    await updateOperatorKeepingAnAdmin(t.store.db, tenant.id, stranger.id, { display_name: 'x' })
    expect((await row(stranger.id)).display_name).not.toBe('x')
  })
})
