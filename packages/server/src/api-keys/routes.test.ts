import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import {
  type ApiKeyJson,
  type CreatedApiKeyJson,
  errorOf,
  type OperatorJson,
} from '../auth/test-support/identity.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'

describeEachStore('API key routes', (fixture) => {
  let t: TestApp
  let tenantId: string
  let admin: TestOperator

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    tenantId = (await t.createTenant()).id
    admin = await t.createOperator(tenantId, 'admin')
  })

  const create = (name: unknown, headers: Record<string, string> = admin.headers) =>
    t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers, payload: { name } })
  const list = (headers: Record<string, string> = admin.headers) =>
    t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers })
  const revoke = (id: string, headers: Record<string, string> = admin.headers) =>
    t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers })
  const me = (secret: string) =>
    t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${secret}` },
    })

  it('creates a key shown once, stored only as a hash, listed by its prefix', async () => {
    const response = await create('Helpdesk')
    expect(response.statusCode).toBe(201)
    const { apiKey, secret } = response.json<CreatedApiKeyJson>()
    expect(secret).toMatch(/^tsk_[A-Za-z0-9_-]{43}$/)
    expect(apiKey).toMatchObject({
      name: 'Helpdesk',
      prefix: secret.slice(0, 12),
      lastUsedAt: null,
      revokedAt: null,
    })
    const stored = await t.store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKey.id)
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(stored)).not.toContain(secret)
    const listed = (await list()).json<{ apiKeys: ApiKeyJson[] }>().apiKeys
    expect(listed).toEqual([apiKey])
    expect(JSON.stringify(listed)).not.toContain(secret)
  })

  it('authenticates as its operator with Bearer, without a CSRF token, until revoked', async () => {
    const { apiKey, secret } = (await create('Helpdesk')).json<CreatedApiKeyJson>()
    const answer = await me(secret)
    expect(answer.statusCode).toBe(200)
    expect(answer.json()).toMatchObject({ operator: { id: admin.id }, csrfToken: null })
    expect((await list()).json<{ apiKeys: ApiKeyJson[] }>().apiKeys[0]?.lastUsedAt).toBe(
      t.clock.now().toISOString(),
    )

    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { authorization: `Bearer ${secret}` },
      payload: {},
    })
    expect(session.statusCode).toBe(201)
    expect(session.json<{ session: { operator: { id: string } } }>().session.operator.id).toBe(
      admin.id,
    )

    const revoked = await revoke(apiKey.id)
    expect(revoked.statusCode).toBe(204)
    expect((await me(secret)).statusCode).toBe(401)
    expect((await list()).json<{ apiKeys: ApiKeyJson[] }>().apiKeys[0]?.revokedAt).toBe(
      t.clock.now().toISOString(),
    )
    expect((await revoke(apiKey.id)).statusCode).toBe(204)
    const audit = await t.store.db
      .selectFrom('audit_events')
      .select('kind')
      .where('tenant_id', '=', tenantId)
      .where('kind', 'in', ['api-key-created', 'api-key-revoked'])
      .execute()
    expect(audit.map((e) => e.kind).sort()).toEqual(['api-key-created', 'api-key-revoked'])
  })

  it('answers 403 to operators who are not admins', async () => {
    const operator = await t.createOperator(tenantId, 'operator')
    const { apiKey } = (await create('Helpdesk')).json<CreatedApiKeyJson>()
    for (const response of [
      await create('Mine', operator.headers),
      await list(operator.headers),
      await revoke(apiKey.id, operator.headers),
    ]) {
      expect(response.statusCode).toBe(403)
    }
    expect((await list()).json<{ apiKeys: ApiKeyJson[] }>().apiKeys[0]?.revokedAt).toBeNull()
  })

  it("keeps tenants apart: another tenant's keys are neither listed nor revocable", async () => {
    const otherTenant = await t.createTenant()
    const otherAdmin = await t.createOperator(otherTenant.id, 'admin')
    const theirs = (await create('Theirs', otherAdmin.headers)).json<CreatedApiKeyJson>()
    expect((await list()).json<{ apiKeys: ApiKeyJson[] }>().apiKeys).toEqual([])
    const response = await revoke(theirs.apiKey.id)
    expect(response.statusCode).toBe(404)
    expect(errorOf(response).code).toBe('not-found')
    expect((await me(theirs.secret)).statusCode).toBe(200)
    // A key never reaches another tenant's data.
    const operators = await t.app.inject({
      method: 'GET',
      url: '/api/v1/operators',
      headers: { authorization: `Bearer ${theirs.secret}` },
    })
    expect(
      operators.json<{ operators: OperatorJson[] }>().operators.map((o: { id: string }) => o.id),
    ).toEqual([otherAdmin.id])
  })

  it('refuses bad names (400) and creates nothing', async () => {
    for (const name of ['', 'x'.repeat(101), { a: 1 }, 'line\nbreak', '   ']) {
      const response = await create(name)
      expect(response.statusCode).toBe(400)
      expect(errorOf(response).details?.field).toBe('name')
    }
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin.headers,
      payload: { name: 'ok', role: 'admin' },
    })
    expect(extra.statusCode).toBe(400)
    expect((await list()).json<{ apiKeys: ApiKeyJson[] }>().apiKeys).toEqual([])
  })
})
