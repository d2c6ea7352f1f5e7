/**
 * Fetch wrapper for the tasuke HTTP API (docs/api.md): JSON in and out, cookies of this
 * origin, the CSRF token on every state-changing request, and `{ error: { code, message } }`
 * answers turned into a typed {@link ApiError}.
 */

/** Codes the client makes up itself, when there is no answer from the server to go by. */
export const ClientErrorCode = {
  /** The request never got an answer (offline, server down, TLS refused). */
  Network: 'network-error',
  /** An answer that is not the API's JSON (a proxy's error page, say). */
  UnexpectedResponse: 'unexpected-response',
} as const

export interface ApiErrorInit {
  readonly code: string
  readonly message: string
  readonly status: number
  readonly retryAfterSeconds?: number | null
  readonly details?: Readonly<Record<string, unknown>>
}

/** An error answer of the API, or a request that got none (status 0). */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly code: string
  readonly status: number
  /** From `details.retryAfterSeconds` or the `Retry-After` header; null when not given. */
  readonly retryAfterSeconds: number | null
  readonly details: Readonly<Record<string, unknown>>

  constructor(init: ApiErrorInit) {
    super(init.message)
    this.code = init.code
    this.status = init.status
    this.retryAfterSeconds = init.retryAfterSeconds ?? null
    this.details = init.details ?? {}
  }

  /** The first bad field of a `400 invalid-request`, when the server named it. */
  get field(): string | null {
    const field = this.details['field']
    return typeof field === 'string' ? field : null
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>

export interface ApiClientOptions {
  /** Origin and path the API paths are appended to; '/api/v1' in the browser. */
  readonly baseUrl?: string
  /** Injected for environments without a global fetch. */
  readonly fetch?: typeof fetch
}

const MUTATING: ReadonlySet<HttpMethod> = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

export class ApiClient {
  readonly #baseUrl: string
  readonly #fetch: typeof fetch
  #csrfToken: string | null = null

  constructor(options: ApiClientOptions = {}) {
    this.#baseUrl = (options.baseUrl ?? '/api/v1').replace(/\/+$/, '')
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
  }

  /** The token sent as `x-csrf-token`; taken from any answer that carries `csrfToken`. */
  get csrfToken(): string | null {
    return this.#csrfToken
  }

  setCsrfToken(token: string | null): void {
    this.#csrfToken = token
  }

  /** The URL of an API path with a query, for links (CSV downloads) rather than requests. */
  url(path: string, query?: Query): string {
    return this.#baseUrl + path + queryString(query)
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path + queryString(query))
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body)
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path)
  }

  async request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (MUTATING.has(method) && this.#csrfToken !== null) {
      headers['x-csrf-token'] = this.#csrfToken
    }
    let response: Response
    try {
      response = await this.#fetch(this.#baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch (cause) {
      throw new ApiError({
        code: ClientErrorCode.Network,
        message: cause instanceof Error ? cause.message : 'The request failed.',
        status: 0,
      })
    }
    const payload = await readJson(response)
    if (!response.ok) throw toApiError(response, payload)
    if (isRecord(payload) && typeof payload['csrfToken'] === 'string') {
      this.#csrfToken = payload['csrfToken']
    }
    return payload as T
  }
}

function queryString(query: Query | undefined): string {
  if (query === undefined) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined
  const text = await response.text()
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

function toApiError(response: Response, payload: unknown): ApiError {
  const error = isRecord(payload) ? payload['error'] : undefined
  if (!isRecord(error) || typeof error['code'] !== 'string') {
    return new ApiError({
      code: ClientErrorCode.UnexpectedResponse,
      message: `HTTP ${response.status} ${response.statusText}`.trim(),
      status: response.status,
      retryAfterSeconds: retryAfterHeader(response),
    })
  }
  const details = isRecord(error['details']) ? error['details'] : {}
  const fromDetails = details['retryAfterSeconds']
  return new ApiError({
    code: error['code'],
    message: typeof error['message'] === 'string' ? error['message'] : error['code'],
    status: response.status,
    retryAfterSeconds:
      typeof fromDetails === 'number' && Number.isFinite(fromDetails)
        ? fromDetails
        : retryAfterHeader(response),
    details,
  })
}

/** `Retry-After` as seconds; the HTTP-date form is turned into seconds from now. */
function retryAfterHeader(response: Response): number | null {
  const value = response.headers.get('retry-after')
  if (value === null || value.trim() === '') return null
  if (/^\d+$/.test(value.trim())) return Number(value.trim())
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000))
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
