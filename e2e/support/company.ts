/** Sets up a company through the first-run API, as its admin would, and acts as that admin. */
import { httpsCall, jsonOf } from './https-request.js'
import type { TestServer } from './start-server.js'

export const COMPANY = { name: 'Example Support', slug: 'example' } as const
export const ADMIN = { name: 'Ada Admin', email: 'ada@example.com' } as const

export interface AdminApi {
  /** Cookie and CSRF headers of the admin's console session. */
  readonly headers: Readonly<Record<string, string>>
  get(path: string): Promise<unknown>
  post(path: string, body?: unknown): Promise<unknown>
}

export async function setUpCompany(server: TestServer): Promise<AdminApi> {
  const token = new URL(server.setupUrl).searchParams.get('token') ?? ''
  const setup = await httpsCall(`${server.url}/api/v1/setup`, {
    body: {
      token,
      tenantName: COMPANY.name,
      tenantSlug: COMPANY.slug,
      adminName: ADMIN.name,
      adminEmail: ADMIN.email,
      password: 'correct horse battery staple',
    },
  })
  if (setup.status !== 201) throw new Error(`set-up failed: ${setup.status} ${setup.text}`)
  const cookie = String(setup.headers['set-cookie']).split(';')[0] ?? ''
  const { csrfToken } = jsonOf(setup) as { csrfToken: string }
  const headers = { cookie, 'x-csrf-token': csrfToken }
  const call = async (path: string, body?: unknown, method?: string) => {
    const answer = await httpsCall(`${server.url}/api/v1${path}`, {
      headers,
      ...(body === undefined ? {} : { body }),
      ...(method === undefined ? {} : { method }),
    })
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${answer.text}`)
    return jsonOf(answer)
  }
  return {
    headers,
    get: (path) => call(path),
    post: (path, body) => call(path, body ?? {}, 'POST'),
  }
}
