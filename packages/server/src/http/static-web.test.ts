import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import { createTestDatabase } from '../store/store.contract.js'
import { randomDataKeys, testConfig } from '../test-support/test-app.js'

const INDEX = '<!doctype html><title>tasuke console</title>'
let parent: string
let app: FastifyInstance
let drop: () => Promise<void>

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'tasuke-web-'))
  const root = join(parent, 'dist')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), INDEX)
  writeFileSync(join(root, 'assets', 'console-abc123.js'), 'console.log(1)')
  writeFileSync(join(root, 'favicon.svg'), '<svg/>')
  writeFileSync(join(parent, 'secret.txt'), 'outside the web root')
  const database = await createTestDatabase('sqlite')
  drop = database.drop
  app = await buildApp({
    config: testConfig(),
    store: database.store,
    keys: randomDataKeys(),
    backgroundJobs: false,
    logger: false,
    webRoot: root,
  })
  await app.ready()
})

afterAll(async () => {
  await app.close()
  await drop()
  rmSync(parent, { recursive: true, force: true })
})

const get = (url: string) => app.inject({ method: 'GET', url })

describe('web apps', () => {
  it.each([
    '/',
    '/login',
    '/setup?token=abc',
    '/invite/some-token',
    '/sessions',
    '/sessions/123',
    '/history',
    '/operators',
    '/settings',
  ])('%s answers the console page', async (url) => {
    const response = await get(url)
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe(INDEX)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers['content-security-policy']).toContain("script-src 'self'")
  })

  it('serves hashed assets with immutable caching', async () => {
    const response = await get('/assets/console-abc123.js')
    expect(response.statusCode).toBe(200)
    expect(response.body).toBe('console.log(1)')
    expect(response.headers['content-type']).toMatch(/javascript/)
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  })

  it('serves other files without long caching', async () => {
    const response = await get('/favicon.svg')
    expect(response.statusCode).toBe(200)
    expect(response.headers['cache-control']).toBe('public, max-age=0')
  })

  it('answers 404 for a missing file rather than the page', async () => {
    const response = await get('/assets/missing-123.js')
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ error: { code: 'not-found' } })
  })

  it('never answers an unknown API path with the page', async () => {
    for (const url of ['/api/v1/nothing', '/api', '/api/']) {
      const response = await get(url)
      expect(response.statusCode, url).toBe(404)
      expect(response.json()).toMatchObject({ error: { code: 'not-found' } })
    }
  })

  it('never serves files outside its folder', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await get(url)
      expect(response.body, url).not.toContain('outside the web root')
    }
  })

  it('answers HEAD like GET, and other methods with 404', async () => {
    expect((await app.inject({ method: 'HEAD', url: '/login' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: '/login' })).statusCode).toBe(404)
  })
})
