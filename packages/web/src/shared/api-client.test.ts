import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { ApiClient, ApiError } from './api-client'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

// A tiny real HTTP server: each test says what the next answer is and reads what arrived.
let server: Server
let baseUrl: string
let seen: Seen[] = []
let answer: (response: ServerResponse) => void = (response) => response.end()

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return (response: ServerResponse) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers })
    response.end(JSON.stringify(body))
  }
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8')
    request.on('data', (chunk: string) => (body += chunk))
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body,
      })
      answer(response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`
})

afterAll(async () => {
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve()
    }),
  )
})

beforeEach(() => {
  seen = []
})

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected the request to fail')
}

describe('ApiClient', () => {
  it('sends and reads JSON and answers 204 with undefined', async () => {
    const client = new ApiClient({ baseUrl })
    answer = json(201, { session: { id: 's1' } })
    await expect(client.post('/sessions', { expiresInMinutes: 30 })).resolves.toEqual({
      session: { id: 's1' },
    })
    expect(seen[0]?.method).toBe('POST')
    expect(seen[0]?.url).toBe('/api/v1/sessions')
    expect(seen[0]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ expiresInMinutes: 30 })

    answer = (response) => response.writeHead(204).end()
    await expect(client.post('/auth/logout')).resolves.toBeUndefined()
    expect(seen[1]?.body).toBe('')
    expect(seen[1]?.headers['content-type']).toBeUndefined()
  })

  it('keeps the CSRF token from answers and sends it only on state-changing requests', async () => {
    const client = new ApiClient({ baseUrl })
    answer = json(200, { operator: {}, tenant: {}, csrfToken: 'token-1' })
    await client.post('/auth/login', { email: 'a@example.com', password: 'x' })
    expect(seen[0]?.headers['x-csrf-token']).toBeUndefined()
    expect(client.csrfToken).toBe('token-1')

    answer = json(200, { sessions: [] })
    await client.get('/sessions', { scope: 'live', limit: 50, empty: '', gone: undefined })
    expect(seen[1]?.url).toBe('/api/v1/sessions?scope=live&limit=50')
    expect(seen[1]?.headers['x-csrf-token']).toBeUndefined()

    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE'] as const) {
      await client.request(method, '/thing', method === 'DELETE' ? undefined : {})
      expect(seen.at(-1)?.headers['x-csrf-token']).toBe('token-1')
    }
  })

  it('turns an error answer into an ApiError with code, message, status and details', async () => {
    const client = new ApiClient({ baseUrl })
    answer = json(400, {
      error: {
        code: 'invalid-request',
        message: 'email is not valid',
        details: { field: 'email' },
      },
    })
    const error = await failure(client.post('/operators', { email: 'nope' }))
    expect(error).toBeInstanceOf(ApiError)
    expect(error.code).toBe('invalid-request')
    expect(error.message).toBe('email is not valid')
    expect(error.status).toBe(400)
    expect(error.field).toBe('email')
    expect(error.retryAfterSeconds).toBeNull()
  })

  it('reads the wait of a 429 from details, else from Retry-After', async () => {
    const client = new ApiClient({ baseUrl })
    answer = json(
      429,
      { error: { code: 'rate-limited', message: 'slow down', details: { retryAfterSeconds: 42 } } },
      { 'retry-after': '99' },
    )
    const fromDetails = await failure(client.post('/redeem', { code: '12345678' }))
    expect(fromDetails.code).toBe('rate-limited')
    expect(fromDetails.status).toBe(429)
    expect(fromDetails.retryAfterSeconds).toBe(42)

    answer = json(
      429,
      { error: { code: 'rate-limited', message: 'slow down' } },
      { 'retry-after': '7' },
    )
    expect((await failure(client.post('/redeem', {}))).retryAfterSeconds).toBe(7)
  })

  it('reports an answer that is not the API JSON as unexpected-response', async () => {
    const client = new ApiClient({ baseUrl })
    answer = (response) => {
      response.writeHead(502, { 'content-type': 'text/html' })
      response.end('<h1>Bad gateway</h1>')
    }
    const error = await failure(client.get('/auth/me'))
    expect(error.code).toBe('unexpected-response')
    expect(error.status).toBe(502)
  })

  it('reports a refused connection as network-error with status 0', async () => {
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((resolve) =>
      probe.close(() => {
        resolve()
      }),
    )
    const client = new ApiClient({ baseUrl: `http://127.0.0.1:${port}/api/v1` })
    const error = await failure(client.get('/auth/me'))
    expect(error.code).toBe('network-error')
    expect(error.status).toBe(0)
  })

  it('builds download links with the same query rules', () => {
    const client = new ApiClient({ baseUrl: '/api/v1/' })
    expect(client.url('/history.csv', { from: '2025-01-01', operatorId: '' })).toBe(
      '/api/v1/history.csv?from=2025-01-01',
    )
  })
})
