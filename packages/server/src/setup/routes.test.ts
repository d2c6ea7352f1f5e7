import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  type AuthJson,
  errorOf,
  invitationToken,
  type InvitedJson,
  sessionHeaders,
} from '../auth/test-support/identity.js'
import type { MailMessage, Mailer } from '../mail/mailer.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'

const TOKEN = 'first-run-token-0123456789'
const ORIGIN = 'https://tasuke.test'

const setupBody = {
  token: TOKEN,
  tenantName: 'Acme サポート',
  tenantSlug: 'acme',
  adminName: 'Aiko Admin',
  adminEmail: 'Aiko@Example.com',
  password: 'correct horse battery',
}

interface SessionJson {
  readonly id: string
  readonly state: string
}

describeEachStore('first run and the whole identity flow', (fixture) => {
  let t: TestApp
  const sent: MailMessage[] = []
  const mailer: Mailer = {
    send: (message) => {
      sent.push(message)
      return Promise.resolve()
    },
    close: () => undefined,
  }

  beforeEach(async () => {
    await fixture.store().db.deleteFrom('tenants').execute()
    sent.length = 0
    t = await createTestApp(fixture.store(), { setupToken: TOKEN, mailer })
  })
  afterEach(() => t.close())

  it('first run → log-in → me → invite → accept → the operator logs in and works', async () => {
    const status = await t.app.inject({ method: 'GET', url: '/api/v1/setup/status' })
    expect(status.json()).toEqual({ needsSetup: true })

    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: ORIGIN },
      payload: setupBody,
    })
    expect(setup.statusCode).toBe(201)
    const created = setup.json<AuthJson>()
    expect(created.tenant).toMatchObject({
      slug: 'acme',
      name: 'Acme サポート',
      brandColor: '#0b6bcb',
      logoUrl: null,
      retentionDays: 180,
    })
    expect(created.operator).toMatchObject({
      displayName: 'Aiko Admin',
      email: 'Aiko@Example.com',
      role: 'admin',
      hasPassword: true,
      totpEnabled: false,
      disabled: false,
    })
    const setCookie = setup.cookies.find((c) => c.name === 'tasuke_session')
    expect(setCookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup/status' })).json()).toEqual({
      needsSetup: false,
    })

    // A fresh log-in with the address typed differently.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ' aiko@example.COM ', password: setupBody.password },
    })
    expect(login.statusCode).toBe(200)
    const admin = sessionHeaders(login)

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: admin })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toEqual({
      operator: created.operator,
      tenant: created.tenant,
      csrfToken: admin['x-csrf-token'],
    })

    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: admin,
      payload: { email: 'bob@example.com', displayName: 'Bob 太郎', role: 'operator' },
    })
    expect(invite.statusCode).toBe(201)
    const invited = invite.json<InvitedJson>()
    expect(invited).toMatchObject({
      operator: { email: 'bob@example.com', role: 'operator', hasPassword: false },
      mailed: true,
    })
    expect(invited.invitationUrl).toMatch(/^https:\/\/tasuke\.test\/invite\/[A-Za-z0-9_-]{43}$/)
    const token = invitationToken(invited.invitationUrl)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.to).toBe('bob@example.com')
    expect(sent[0]?.text).toContain(invited.invitationUrl)
    expect(sent[0]?.text).toContain('招待')
    expect(sent[0]?.html).toContain('invited you')

    const shown = await t.app.inject({ method: 'GET', url: `/api/v1/invitations/${token}` })
    expect(shown.json()).toMatchObject({
      tenantName: 'Acme サポート',
      displayName: 'Bob 太郎',
      email: 'bob@example.com',
    })

    const accept = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${token}/accept`,
      payload: { password: 'bobs secret password' },
    })
    expect(accept.statusCode).toBe(200)
    expect(accept.json<AuthJson>().operator).toMatchObject({
      email: 'bob@example.com',
      hasPassword: true,
    })

    const bobLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'bob@example.com', password: 'bobs secret password' },
    })
    expect(bobLogin.statusCode).toBe(200)
    const bob = sessionHeaders(bobLogin)
    expect(bobLogin.json<AuthJson>().operator.role).toBe('operator')

    // The "done when": the operator creates, lists and cancels session numbers.
    const session = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: bob,
      payload: {},
    })
    expect(session.statusCode).toBe(201)
    const sessionId = session.json<{ session: SessionJson }>().session.id
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/sessions', headers: bob })
    expect(list.json<{ sessions: SessionJson[] }>().sessions.map((s) => s.id)).toContain(sessionId)
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${sessionId}/cancel`,
      headers: bob,
    })
    expect(cancel.statusCode).toBe(200)
    expect(cancel.json<{ session: SessionJson }>().session.state).toBe('cancelled')

    // …and is not an admin.
    const forbidden = await t.app.inject({ method: 'GET', url: '/api/v1/operators', headers: bob })
    expect(forbidden.statusCode).toBe(403)
  })

  it('refuses a wrong token (403) and a second set-up (409)', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...setupBody, token: 'not-the-token' },
    })
    expect(wrong.statusCode).toBe(403)
    expect(errorOf(wrong).code).toBe('setup-token-invalid')
    expect(await countTenants()).toBe(0)

    const first = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: setupBody })
    expect(first.statusCode).toBe(201)
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { ...setupBody, tenantSlug: 'other', adminEmail: 'x@example.com' },
    })
    expect(again.statusCode).toBe(409)
    expect(errorOf(again).code).toBe('already-set-up')
    expect(await countTenants()).toBe(1)
  })

  it('lets only one of two concurrent set-ups win', async () => {
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: setupBody }),
      t.app.inject({
        method: 'POST',
        url: '/api/v1/setup',
        payload: { ...setupBody, tenantSlug: 'other', adminEmail: 'x@example.com' },
      }),
    ])
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409])
    expect(await countTenants()).toBe(1)
  })

  it('refuses set-up when the server has no token', async () => {
    await t.close()
    t = await createTestApp(fixture.store(), { setupToken: null })
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: setupBody,
    })
    expect(response.statusCode).toBe(403)
    expect(await countTenants()).toBe(0)
  })

  it('refuses a set-up from another origin', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      headers: { origin: 'https://evil.example' },
      payload: setupBody,
    })
    expect(response.statusCode).toBe(403)
    expect(errorOf(response).code).toBe('csrf-failed')
    expect(await countTenants()).toBe(0)
  })

  const badBodies: [string, Record<string, unknown>, string][] = [
    ['a missing field', { ...setupBody, password: undefined }, 'password'],
    ['a wrong type', { ...setupBody, tenantName: { ja: 'Acme' } }, 'tenantName'],
    ['an unknown field', { ...setupBody, isRoot: true }, 'isRoot'],
    ['a too short password', { ...setupBody, password: 'short' }, 'password'],
    ['a too long password', { ...setupBody, password: 'x'.repeat(201) }, 'password'],
    ['a bad e-mail', { ...setupBody, adminEmail: 'not-an-address' }, 'adminEmail'],
    ['a too long e-mail', { ...setupBody, adminEmail: `${'a'.repeat(250)}@x.io` }, 'adminEmail'],
    ['an upper-case slug', { ...setupBody, tenantSlug: 'Acme' }, 'tenantSlug'],
    ['a slug with a trailing hyphen', { ...setupBody, tenantSlug: 'acme-' }, 'tenantSlug'],
    ['a too short slug', { ...setupBody, tenantSlug: 'ab' }, 'tenantSlug'],
    ['a reserved slug', { ...setupBody, tenantSlug: 'admin' }, 'tenantSlug'],
    ['a blank company name', { ...setupBody, tenantName: '   ' }, 'tenantName'],
    ['a too long company name', { ...setupBody, tenantName: 'x'.repeat(101) }, 'tenantName'],
    ['a name with a line break', { ...setupBody, adminName: 'A\nBcc: x' }, 'adminName'],
  ]
  for (const [what, payload, field] of badBodies) {
    it(`answers 400 naming the field for ${what}, and writes nothing`, async () => {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload })
      expect(response.statusCode).toBe(400)
      expect(errorOf(response)).toMatchObject({ code: 'invalid-request', details: { field } })
      expect(errorOf(response).message).toMatch(/\S/)
      expect(await countTenants()).toBe(0)
    })
  }

  async function countTenants(): Promise<number> {
    const rows = await fixture.store().db.selectFrom('tenants').select('id').execute()
    return rows.length
  }
})

describe('set-up token comparison', () => {
  it('is exact', async () => {
    const { tokenMatches } = await import('./setup.js')
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abc', 'abcd')).toBe(false)
    expect(tokenMatches(null, '')).toBe(false)
  })
})
