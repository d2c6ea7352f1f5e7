import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import { type CreatedApiKeyJson, errorOf } from '../auth/test-support/identity.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'

describeEachStore('CSRF protection', (fixture) => {
  let t: TestApp
  let admin: TestOperator
  let tenantId: string

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    tenantId = (await t.createTenant(undefined, 'Before')).id
    admin = await t.createOperator(tenantId, 'admin')
  })

  const rename = (headers: Record<string, string>) =>
    t.app.inject({
      method: 'PATCH',
      url: '/api/v1/tenant',
      headers,
      payload: { name: 'After' },
    })
  const tenantName = async () =>
    (
      await t.store.db
        .selectFrom('tenants')
        .select('name')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow()
    ).name

  it('refuses a cookie request without the token (403 csrf-failed) and changes nothing', async () => {
    const response = await rename({ cookie: admin.headers.cookie })
    expect(response.statusCode).toBe(403)
    expect(errorOf(response).code).toBe('csrf-failed')
    expect(await tenantName()).toBe('Before')
  })

  it('refuses a wrong token, and the token of another session', async () => {
    const other = await t.createOperator(tenantId, 'admin')
    for (const token of ['wrong', other.headers['x-csrf-token'], '']) {
      const response = await rename({ cookie: admin.headers.cookie, 'x-csrf-token': token })
      expect(response.statusCode).toBe(403)
      expect(errorOf(response).code).toBe('csrf-failed')
    }
    expect(await tenantName()).toBe('Before')
  })

  it('refuses a request from another origin even with the right token', async () => {
    const response = await rename({ ...admin.headers, origin: 'https://evil.example' })
    expect(response.statusCode).toBe(403)
    expect(errorOf(response).code).toBe('csrf-failed')
    expect(await tenantName()).toBe('Before')
    // Same host over plain http is another origin too.
    expect((await rename({ ...admin.headers, origin: 'http://tasuke.test' })).statusCode).toBe(403)
  })

  it('accepts the right token, from our origin or without an Origin header', async () => {
    expect((await rename({ ...admin.headers, origin: 'https://tasuke.test' })).statusCode).toBe(200)
    expect(await tenantName()).toBe('After')
    expect((await rename(admin.headers)).statusCode).toBe(200)
  })

  it('needs no token for reads', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tenant',
      headers: { cookie: admin.headers.cookie },
    })
    expect(response.statusCode).toBe(200)
  })

  it('needs no token with an API key', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin.headers,
      payload: { name: 'helpdesk' },
    })
    const response = await rename({
      authorization: `Bearer ${created.json<CreatedApiKeyJson>().secret}`,
    })
    expect(response.statusCode).toBe(200)
    expect(await tenantName()).toBe('After')
  })

  it('checks the Origin of a log-in, which has no session yet', async () => {
    const login = (origin?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: origin === undefined ? {} : { origin },
        payload: { email: 'nobody@example.com', password: 'whatever password' },
      })
    const foreign = await login('https://evil.example')
    expect(foreign.statusCode).toBe(403)
    expect(errorOf(foreign).code).toBe('csrf-failed')
    expect((await login('https://tasuke.test')).statusCode).toBe(401)
    expect((await login()).statusCode).toBe(401)
  })
})
