import { randomUUID } from 'node:crypto'

import { expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createSetupToken, setupLink } from './setup-token.js'

describeEachStore('setup token', (fixture) => {
  it('is a fresh random token while no tenant exists, and null afterwards', async () => {
    const store = fixture.store()
    const first = await createSetupToken(store)
    const second = await createSetupToken(store)
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(second).not.toBe(first)

    await store.db
      .insertInto('tenants')
      .values({
        id: randomUUID(),
        slug: 'acme',
        name: 'Acme',
        brand_color: '#000000',
        logo_url: null,
        retention_days: 180,
        created_at: new Date().toISOString(),
      })
      .execute()
    expect(await createSetupToken(store)).toBeNull()
  })
})

it('builds the setup link from the public URL', () => {
  expect(setupLink(new URL('https://support.example.com'), 'abc_-1')).toBe(
    'https://support.example.com/setup?token=abc_-1',
  )
})
