import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createTestDatabase } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

interface Document {
  openapi: string
  info: { title: string; version: string }
  servers: { url: string }[]
  paths: Record<string, Record<string, { requestBody?: unknown; security?: unknown[] }>>
  components: { securitySchemes: Record<string, Record<string, unknown>> }
}

let database: Awaited<ReturnType<typeof createTestDatabase>>
let test: TestApp
let document: Document
beforeAll(async () => {
  database = await createTestDatabase('sqlite')
  test = await createTestApp(database.store)
  const response = await test.app.inject({ method: 'GET', url: '/api/openapi.json' })
  expect(response.statusCode).toBe(200)
  expect(response.headers['content-type']).toMatch(/^application\/json/)
  document = response.json<Document>()
})
afterAll(async () => {
  await test.close()
  await database.drop()
})

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 for tasuke at the public URL', () => {
    expect(document.openapi).toBe('3.1.0')
    expect(document.info.title).toBe('tasuke')
    expect(document.info.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(document.servers).toEqual([{ url: 'https://tasuke.test' }])
  })

  it('names the three ways to authenticate', () => {
    const schemes = document.components.securitySchemes
    expect(schemes['session']).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'tasuke_session',
    })
    expect(schemes['csrf']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' })
    expect(schemes['apiKey']).toMatchObject({ type: 'http', scheme: 'bearer' })
  })

  it('describes the routes the features register', () => {
    const expected = {
      '/api/v1/setup': 'post',
      '/api/v1/auth/login': 'post',
      '/api/v1/auth/me': 'get',
      '/api/v1/sessions': 'post',
      '/api/v1/redeem': 'post',
      '/api/v1/invitations/{token}': 'get',
      '/healthz': 'get',
    }
    for (const [path, method] of Object.entries(expected)) {
      expect(document.paths[path], path).toHaveProperty(method)
    }
    expect(document.paths['/api/v1/auth/login']?.['post']?.requestBody).toBeDefined()
  })

  it('leaves out itself and the web-app fallback', () => {
    expect(document.paths['/api/openapi.json']).toBeUndefined()
    expect(document.paths['/*']).toBeUndefined()
  })
})
