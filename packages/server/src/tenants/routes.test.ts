import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import { errorOf, type TenantJson } from '../auth/test-support/identity.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'

describeEachStore('tenant routes', (fixture) => {
  let t: TestApp
  let tenant: { id: string; slug: string; name: string }
  let admin: TestOperator

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    tenant = await t.createTenant()
    admin = await t.createOperator(tenant.id, 'admin')
  })

  const get = (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: '/api/v1/tenant', headers })
  const patch = (payload: Record<string, unknown>, headers = admin.headers) =>
    t.app.inject({ method: 'PATCH', url: '/api/v1/tenant', headers, payload })
  const row = () =>
    t.store.db
      .selectFrom('tenants')
      .selectAll()
      .where('id', '=', tenant.id)
      .executeTakeFirstOrThrow()

  it("shows the caller's own tenant to every operator", async () => {
    const operator = await t.createOperator(tenant.id, 'operator')
    const response = await get(operator.headers)
    expect(response.statusCode).toBe(200)
    expect(response.json<{ tenant: TenantJson }>().tenant).toEqual({
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      brandColor: '#0b6bcb',
      logoUrl: null,
      retentionDays: 180,
      createdAt: (await row()).created_at,
    })
    expect((await get({})).statusCode).toBe(401)
  })

  it('lets an admin change name, colour, logo and retention, and audits it', async () => {
    const response = await patch({
      name: '  Acme サポート ',
      brandColor: '#AABBCC',
      logoUrl: 'https://cdn.example.com/logo.png',
      retentionDays: 365,
    })
    expect(response.statusCode).toBe(200)
    expect(response.json<{ tenant: TenantJson }>().tenant).toMatchObject({
      name: 'Acme サポート',
      brandColor: '#aabbcc',
      logoUrl: 'https://cdn.example.com/logo.png',
      retentionDays: 365,
      slug: tenant.slug,
    })
    expect(
      (await patch({ logoUrl: null })).json<{ tenant: TenantJson }>().tenant.logoUrl,
    ).toBeNull()
    const audit = await t.store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('kind', '=', 'tenant-changed')
      .execute()
    expect(audit).toHaveLength(2)
    expect(audit.every((e) => e.operator_id === admin.id)).toBe(true)
  })

  it('answers 403 to an operator who is not an admin', async () => {
    const operator = await t.createOperator(tenant.id, 'operator')
    const response = await patch({ name: 'Mine now' }, operator.headers)
    expect(response.statusCode).toBe(403)
    expect((await row()).name).toBe(tenant.name)
  })

  it("changes only the caller's tenant", async () => {
    const other = await t.createTenant(undefined, 'Other Co.')
    await patch({ name: 'Renamed' })
    const otherRow = await t.store.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', other.id)
      .executeTakeFirstOrThrow()
    expect(otherRow.name).toBe('Other Co.')
  })

  const badPatches: [string, Record<string, unknown>, string][] = [
    ['an http logo', { logoUrl: 'http://cdn.example.com/logo.png' }, 'logoUrl'],
    ['a javascript logo', { logoUrl: 'javascript:alert(1)' }, 'logoUrl'],
    ['a logo with a user name', { logoUrl: 'https://user:pw@cdn.example.com/x.png' }, 'logoUrl'],
    ['a malformed logo URL', { logoUrl: 'https://' }, 'logoUrl'],
    ['a too long logo URL', { logoUrl: `https://example.com/${'x'.repeat(490)}` }, 'logoUrl'],
    ['a bad colour', { brandColor: 'red' }, 'brandColor'],
    ['a short colour', { brandColor: '#abc' }, 'brandColor'],
    ['a retention of 0 days', { retentionDays: 0 }, 'retentionDays'],
    ['a retention over 10 years', { retentionDays: 3651 }, 'retentionDays'],
    ['a fractional retention', { retentionDays: 1.5 }, 'retentionDays'],
    ['an empty name', { name: '' }, 'name'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a too long name', { name: 'x'.repeat(101) }, 'name'],
    ['a name of the wrong type', { name: { en: 'x' } }, 'name'],
    ['a slug change', { slug: 'new-slug' }, 'slug'],
  ]
  for (const [what, payload, field] of badPatches) {
    it(`refuses ${what} (400 naming ${field}) and changes nothing`, async () => {
      const before = await row()
      const response = await patch(payload)
      expect(response.statusCode).toBe(400)
      expect(errorOf(response)).toMatchObject({ code: 'invalid-request', details: { field } })
      expect(await row()).toEqual(before)
    })
  }
})
