/** Calls the real server's API as its admin (the console's cookie and CSRF headers), for tests. */
import { request as httpsRequest } from 'node:https'

import type { RelayServer } from '../../session/test-support/relay-server.js'

export interface ApiAnswer {
  readonly status: number
  readonly body: unknown
}

export function adminCall(
  server: RelayServer,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const payload = body === undefined ? null : JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${server.url}${path}`,
      {
        method,
        headers: {
          ...server.admin,
          origin: server.url,
          ...(payload === null ? {} : { 'content-type': 'application/json' }),
        },
        rejectUnauthorized: false,
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: response.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) })
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error(`timed out: ${path}`)))
    req.on('error', reject)
    req.end(payload ?? undefined)
  })
}

/** Creates an enrolment token as the console's admin would; returns the whole token. */
export async function createEnrolmentToken(server: RelayServer): Promise<string> {
  const answer = await adminCall(server, 'POST', '/api/v1/enrolment-tokens', { expiresInHours: 1 })
  const token = (answer.body as { token?: unknown } | null)?.token
  if (answer.status !== 201 || typeof token !== 'string') {
    throw new Error(`enrolment token: ${answer.status} ${JSON.stringify(answer.body)}`)
  }
  return token
}
