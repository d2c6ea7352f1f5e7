/**
 * Node-side HTTPS calls to the test server. The server's certificate is self-signed and
 * Node 20's fetch has no per-call TLS option, so this goes through `node:https`.
 */
import { request as httpsRequest } from 'node:https'

export interface HttpsAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly text: string
}

export interface HttpsRequestOptions {
  readonly method?: string
  readonly headers?: Readonly<Record<string, string>>
  /** Sent as JSON (with its content type) unless it is a string. */
  readonly body?: unknown
  readonly timeoutMs?: number
}

export function httpsCall(url: string, options: HttpsRequestOptions = {}): Promise<HttpsAnswer> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body)
  const headers: Record<string, string> = { ...options.headers }
  if (body !== undefined) {
    headers['content-type'] ??= 'application/json'
    headers['content-length'] = String(Buffer.byteLength(body))
  }
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      url,
      {
        method: options.method ?? (body === undefined ? 'GET' : 'POST'),
        headers,
        rejectUnauthorized: false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          })
        })
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error(`timed out: ${url}`)))
    request.on('error', reject)
    request.end(body)
  })
}

/** The answer's JSON body; throws with the raw text when it is not JSON. */
export function jsonOf(answer: HttpsAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown
  } catch {
    throw new Error(`expected JSON, got ${answer.status}: ${answer.text.slice(0, 500)}`)
  }
}
