import { Type } from '@fastify/type-provider-typebox'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { buildApp } from '../app.js'
import { createTestDatabase } from '../store/store.contract.js'
import { randomDataKeys, testConfig } from '../test-support/test-app.js'
import { describeValidation } from './errors.js'
import { HttpError, tooManyRequests } from './http-error.js'

let app: FastifyInstance
let drop: () => Promise<void>

const Body = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 5 }),
    role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('operator')])),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  },
  { additionalProperties: false },
)

beforeAll(async () => {
  const database = await createTestDatabase('sqlite')
  drop = database.drop
  app = await buildApp({
    config: testConfig(),
    store: database.store,
    keys: randomDataKeys(),
    backgroundJobs: false,
    logger: false,
  })
  app.post('/api/v1/probe', { schema: { body: Body } }, () => ({ ok: true }))
  app.get(
    '/api/v1/probe',
    { schema: { querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500 }) }) } },
    (request) => request.query,
  )
  app.get('/api/v1/probe/http-error', () => {
    throw new HttpError(409, 'already-set-up', 'This server is already set up.', { hint: 1 })
  })
  app.get('/api/v1/probe/rate-limited', () => {
    throw tooManyRequests('Too many attempts. Try again later.', 42.5)
  })
  app.get('/api/v1/probe/crash', () => {
    throw new Error('database password is hunter2')
  })
  await app.ready()
})

afterAll(async () => {
  await app.close()
  await drop()
})

const post = (payload: string, contentType = 'application/json') =>
  app.inject({
    method: 'POST',
    url: '/api/v1/probe',
    headers: { 'content-type': contentType },
    payload,
  })

describe('error answers', () => {
  it('passes an HttpError through with its status, code, message and details', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/probe/http-error' })
    expect(response.statusCode).toBe(409)
    expect(response.json()).toEqual({
      error: {
        code: 'already-set-up',
        message: 'This server is already set up.',
        details: { hint: 1 },
      },
    })
  })

  it('sends Retry-After with rate-limited answers', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/probe/rate-limited' })
    expect(response.statusCode).toBe(429)
    expect(response.headers['retry-after']).toBe('43')
    expect(response.json()).toMatchObject({
      error: { code: 'rate-limited', details: { retryAfterSeconds: 42.5 } },
    })
  })

  it('hides unexpected failures behind a generic 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/probe/crash' })
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({
      error: { code: 'internal', message: 'Something went wrong on the server. Please try again.' },
    })
    expect(response.body).not.toContain('hunter2')
  })

  it('accepts a valid body', async () => {
    const response = await post(JSON.stringify({ email: 'a@example.com', name: 'Ann' }))
    expect(response.statusCode).toBe(200)
  })
})

describe('validation: 400 invalid-request naming the field', () => {
  it.each([
    [{ email: 'nope', name: 'Ann' }, 'email', 'email: must be a valid e-mail address'],
    [{ name: 'Ann' }, 'email', 'email: is required'],
    [{ email: 'a@example.com', name: '' }, 'name', 'name: must not be empty'],
    [
      { email: 'a@example.com', name: 'Annabel' },
      'name',
      'name: must be at most 5 characters long',
    ],
    [{ email: 'a@example.com', name: { a: 1 } }, 'name', 'name: must be a string'],
    [
      { email: 'a@example.com', name: 'Ann', extra: true },
      'extra',
      'extra: is not an accepted field',
    ],
    [
      { email: 'a@example.com', name: 'Ann', role: 'boss' },
      'role',
      'role: must be "admin" or "operator"',
    ],
    [{ email: 'a@example.com', name: 'Ann', count: 11 }, 'count', 'count: must be at most 10'],
    [{ email: 'a@example.com', name: 'Ann', count: 1.5 }, 'count', 'count: must be an integer'],
    [[1, 2], 'body', 'body: must be an object'],
  ])('%j → %s', async (body, field, message) => {
    const response = await post(JSON.stringify(body))
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      error: { code: 'invalid-request', message, details: { field, location: 'body' } },
    })
  })

  it('names query-string fields too, and coerces numbers given as text there', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/v1/probe?limit=0' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toEqual({
      error: {
        code: 'invalid-request',
        message: 'limit: must be at least 1',
        details: { field: 'limit', location: 'querystring' },
      },
    })
    const good = await app.inject({ method: 'GET', url: '/api/v1/probe?limit=20' })
    expect(good.json()).toEqual({ limit: 20 })
  })
})

describe('body problems', () => {
  it('415 for a body that is not JSON', async () => {
    const response = await post('email=a', 'application/x-www-form-urlencoded')
    expect(response.statusCode).toBe(415)
    expect(response.json()).toMatchObject({ error: { code: 'unsupported-media-type' } })
  })

  it('413 body-too-large past 64 KiB', async () => {
    const response = await post(
      JSON.stringify({ email: 'a@example.com', name: 'x'.repeat(70_000) }),
    )
    expect(response.statusCode).toBe(413)
    expect(response.json()).toEqual({
      error: { code: 'body-too-large', message: 'The request body is larger than 64 KiB.' },
    })
  })

  it('400 malformed-json without echoing the body', async () => {
    const response = await post('{"password": "hunter2",')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      error: { code: 'malformed-json', message: 'The request body is not valid JSON.' },
    })
    expect(response.body).not.toContain('hunter2')
  })

  it('400 malformed-json for an empty body sent as JSON', async () => {
    const response = await post('')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: { code: 'malformed-json' } })
  })
})

describe('not found', () => {
  it('answers JSON 404 not-found for unknown API routes, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const response = await app.inject({ method, url: '/api/v1/no-such-thing/secret-token' })
      expect(response.statusCode).toBe(404)
      expect(response.json()).toMatchObject({ error: { code: 'not-found' } })
      expect(response.body).not.toContain('secret-token')
    }
  })

  it('answers JSON 404 for other paths when no web apps are served', async () => {
    const response = await app.inject({ method: 'GET', url: '/login' })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ error: { code: 'not-found' } })
  })
})

describe('describeValidation', () => {
  it('joins nested paths with dots and falls back to the location', () => {
    expect(
      describeValidation(
        [{ keyword: 'minimum', instancePath: '/items/0/count', params: { limit: 2 } }],
        'body',
      ),
    ).toEqual({ field: 'items.0.count', message: 'must be at least 2' })
    expect(describeValidation([], 'params')).toEqual({ field: 'params', message: 'is not valid' })
    expect(
      describeValidation(
        [{ keyword: 'format', instancePath: '/at', params: { format: 'date-time' } }],
        'querystring',
      ).message,
    ).toBe('must be an ISO-8601 date and time such as 2026-01-31T09:00:00Z')
  })
})
