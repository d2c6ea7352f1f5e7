import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import { openStore } from '../store/db.js'
import { describeEachStore } from '../store/store.contract.js'
import {
  createTestApp,
  randomDataKeys,
  type TestApp,
  testConfig,
} from '../test-support/test-app.js'

describeEachStore('operations endpoints', (fixture) => {
  let test: TestApp
  beforeAll(async () => {
    test = await createTestApp(fixture.store())
  })
  afterAll(async () => {
    await test.close()
  })

  it('/healthz answers ok', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })

  it('/readyz answers ok while the database answers', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/readyz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ status: 'ok' })
  })

  it('/readyz answers 503 with the reason once the database is gone', async () => {
    // A second connection to the same database, closed under a running app.
    const store = openStore(fixture.location())
    const app = await buildApp({
      config: testConfig(),
      store,
      keys: randomDataKeys(),
      backgroundJobs: false,
      logger: false,
    })
    await app.ready()
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200)
    // A query through Kysely first, as a running server has made: close() ends what it opened.
    await store.db.selectFrom('tenants').select('id').execute()
    await store.close()
    const response = await app.inject({ method: 'GET', url: '/readyz' })
    expect(response.statusCode).toBe(503)
    expect(response.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' })
    await app.close()
  })

  it('/metrics counts answers by route pattern, never by the raw path', async () => {
    await test.app.inject({ method: 'GET', url: '/healthz' })
    await test.app.inject({ method: 'GET', url: '/api/v1/invitations/SECRET-INVITATION-TOKEN' })
    await test.app.inject({ method: 'GET', url: '/api/v1/nothing/SECRET-PATH' })
    const response = await test.app.inject({ method: 'GET', url: '/metrics' })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = response.body
    expect(text).toContain('tasuke_http_requests_total{method="GET",route="/healthz",status="200"}')
    expect(text).toMatch(
      /tasuke_http_requests_total\{method="GET",route="\/api\/v1\/invitations\/:token",status="\d+"\}/,
    )
    expect(text).toMatch(
      /tasuke_http_requests_total\{method="GET",route="unmatched",status="404"\}/,
    )
    expect(text).toContain('tasuke_http_request_duration_seconds_bucket')
    expect(text).toContain('tasuke_process_cpu_user_seconds_total')
    expect(text).not.toContain('SECRET')
  })
})

describe('operations endpoints need no log-in', () => {
  it('answer without a cookie and are described in the OpenAPI document as public', async () => {
    const { createTestDatabase } = await import('../store/store.contract.js')
    const database = await createTestDatabase('sqlite')
    const test = await createTestApp(database.store)
    const document = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, { get?: { security?: unknown[] } }>
    }>()
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect(document.paths[path]?.get?.security).toEqual([])
    }
    await test.close()
    await database.drop()
  })
})
