import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createTestDatabase } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { CONTENT_SECURITY_POLICY } from './security-headers.js'

let database: Awaited<ReturnType<typeof createTestDatabase>>
let test: TestApp
beforeAll(async () => {
  database = await createTestDatabase('sqlite')
  test = await createTestApp(database.store)
})
afterAll(async () => {
  await test.close()
  await database.drop()
})

describe('security headers', () => {
  it.each(['/healthz', '/api/v1/no-such-route', '/api/openapi.json', '/login'])(
    'are on every answer: %s',
    async (url) => {
      const response = await test.app.inject({ method: 'GET', url })
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.headers['referrer-policy']).toBe('no-referrer')
      expect(response.headers['x-frame-options']).toBe('DENY')
      expect(response.headers['cross-origin-opener-policy']).toBe('same-origin')
      expect(response.headers['permissions-policy']).toContain('camera=()')
    },
  )

  it('are on error answers too', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{',
    })
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('the CSP allows only this origin for scripts and styles, and no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; " +
        "connect-src 'self' wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; " +
        "object-src 'none'",
    )
  })

  it('API answers are never cached; others are left alone', async () => {
    const api = await test.app.inject({ method: 'GET', url: '/api/v1/setup/status' })
    expect(api.headers['cache-control']).toBe('no-store')
    const health = await test.app.inject({ method: 'GET', url: '/healthz' })
    expect(health.headers['cache-control']).toBeUndefined()
  })

  it('HSTS is left out for localhost, where it would pin other local servers to https', async () => {
    const local = await createTestApp(database.store, {
      config: { publicUrl: new URL('https://localhost:8443') },
    })
    const response = await local.app.inject({ method: 'GET', url: '/healthz' })
    expect(response.headers['strict-transport-security']).toBeUndefined()
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    await local.close()
  })
})
