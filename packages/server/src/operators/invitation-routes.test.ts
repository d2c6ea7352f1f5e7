import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import {
  type AuthJson,
  errorOf,
  invitationToken,
  type InvitedJson,
  type OperatorJson,
} from '../auth/test-support/identity.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'
import { INVITATION_LIFETIME_MS } from './invitations.js'

describeEachStore('invitation routes', (fixture) => {
  let t: TestApp
  let admin: TestOperator
  let token: string
  let invitedId: string
  let email: string

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    const tenant = await t.createTenant(undefined, 'Acme')
    admin = await t.createOperator(tenant.id, 'admin')
    email = `invitee-${Math.random().toString(36).slice(2)}@example.com`
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/operators',
      headers: admin.headers,
      payload: { email, displayName: 'Invitee', role: 'operator' },
    })
    expect(response.statusCode).toBe(201)
    token = invitationToken(response.json<InvitedJson>().invitationUrl)
    invitedId = response.json<{ operator: OperatorJson }>().operator.id
  })

  const show = (value = token) =>
    t.app.inject({ method: 'GET', url: `/api/v1/invitations/${value}` })
  const accept = (payload: Record<string, unknown>, value = token, headers = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${value}/accept`,
      headers,
      payload,
    })
  const passwordHash = async () =>
    (
      await t.store.db
        .selectFrom('operators')
        .select('password_hash')
        .where('id', '=', invitedId)
        .executeTakeFirstOrThrow()
    ).password_hash

  it('shows who is invited where, and until when', async () => {
    const response = await show()
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({
      tenantName: 'Acme',
      displayName: 'Invitee',
      email,
      expiresAt: new Date(t.clock.now().getTime() + INVITATION_LIFETIME_MS).toISOString(),
    })
  })

  it('accepts once: sets the password, logs in, and the link is used up', async () => {
    const response = await accept({ password: 'my own password' })
    expect(response.statusCode).toBe(200)
    expect(response.json<{ operator: OperatorJson }>().operator).toMatchObject({
      id: invitedId,
      hasPassword: true,
    })
    expect(response.json<AuthJson>().csrfToken).toMatch(/\S/)
    const cookie = response.cookies.find((c) => c.name === 'tasuke_session')
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' })
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `tasuke_session=${cookie?.value ?? ''}` },
    })
    expect(me.json<{ operator: OperatorJson }>().operator.id).toBe(invitedId)
    expect(await passwordHash()).toMatch(/^\$argon2id\$/)

    const again = await accept({ password: 'somebody else!!' })
    expect(again.statusCode).toBe(404)
    expect(errorOf(again).code).toBe('invitation-invalid')
    expect((await show()).statusCode).toBe(404)
  })

  it('refuses an unknown or expired link (404 invitation-invalid)', async () => {
    for (const response of [
      await show('nope'),
      await accept({ password: 'long enough pw' }, 'nope'),
    ]) {
      expect(response.statusCode).toBe(404)
      expect(errorOf(response).code).toBe('invitation-invalid')
    }
    t.clock.advance(INVITATION_LIFETIME_MS)
    expect((await show()).statusCode).toBe(404)
    expect((await accept({ password: 'long enough pw' })).statusCode).toBe(404)
    expect(await passwordHash()).toBeNull()
  })

  it('refuses the link of a disabled operator', async () => {
    await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/operators/${invitedId}`,
      headers: admin.headers,
      payload: { disabled: true },
    })
    expect((await accept({ password: 'long enough pw' })).statusCode).toBe(404)
    expect(await passwordHash()).toBeNull()
  })

  it('refuses bad passwords and foreign origins, and keeps the link usable', async () => {
    for (const [payload, field] of [
      [{ password: 'short' }, 'password'],
      [{ password: 'x'.repeat(201) }, 'password'],
      [{}, 'password'],
      [{ password: 'long enough pw', role: 'admin' }, 'role'],
    ] as const) {
      const response = await accept(payload)
      expect(response.statusCode).toBe(400)
      expect(errorOf(response)).toMatchObject({ code: 'invalid-request', details: { field } })
    }
    const foreign = await accept({ password: 'long enough pw' }, token, {
      origin: 'https://evil.example',
    })
    expect(foreign.statusCode).toBe(403)
    expect(await passwordHash()).toBeNull()
    expect((await accept({ password: 'long enough pw' })).statusCode).toBe(200)
  })
})
