import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'
import {
  cheapHasher,
  type CreatedApiKeyJson,
  errorOf,
  type OperatorJson,
} from './test-support/identity.js'
import { base32Decode, totpAt } from './totp.js'

const PASSWORD = 'correct horse battery'

interface TotpSetupJson {
  readonly secret: string
  readonly otpauthUrl: string
}

describeEachStore('TOTP routes', (fixture) => {
  let t: TestApp
  let operator: TestOperator
  let nextIp = 1

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    const tenant = await t.createTenant()
    operator = await t.createOperator(tenant.id, 'operator')
    await t.store.db
      .updateTable('operators')
      .set({ password_hash: await cheapHasher.hash(PASSWORD) })
      .where('id', '=', operator.id)
      .execute()
  })

  const freshIp = () => `192.0.2.${nextIp++}`
  const post = (
    url: string,
    payload?: Record<string, unknown>,
    headers: Record<string, string> = operator.headers,
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/auth/totp/${url}`,
      headers,
      remoteAddress: freshIp(),
      ...(payload === undefined ? {} : { payload }),
    })
  const codeFor = (secret: string, offsetSteps = 0) => {
    const key = base32Decode(secret)
    if (key === null) throw new Error('secret is not base32')
    return totpAt(key, t.clock.now().getTime() + offsetSteps * 30_000)
  }
  const login = (totpCode?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: freshIp(),
      payload: { email: operator.email, password: PASSWORD, ...(totpCode ? { totpCode } : {}) },
    })

  async function enableTotp(): Promise<string> {
    const setup = await post('setup')
    expect(setup.statusCode).toBe(200)
    const { secret } = setup.json<TotpSetupJson>()
    expect((await post('enable', { code: codeFor(secret) })).statusCode).toBe(204)
    t.clock.advance(30_000)
    return secret
  }

  it('sets up a secret that is stored encrypted and not active until enabled', async () => {
    const setup = await post('setup')
    expect(setup.statusCode).toBe(200)
    const { secret, otpauthUrl } = setup.json<TotpSetupJson>()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(otpauthUrl).toBe(
      `otpauth://totp/tasuke:${operator.email}?secret=${secret}&issuer=tasuke`,
    )
    const row = await t.store.db
      .selectFrom('operators')
      .selectAll()
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow()
    expect(row.totp_enabled).toBe(0)
    expect(row.totp_secret_cipher).not.toContain(secret)
    expect((await login()).statusCode).toBe(200)
  })

  it('enables only with a right code (400 totp-invalid otherwise)', async () => {
    const { secret } = (await post('setup')).json<TotpSetupJson>()
    const wrong = await post('enable', { code: codeFor(secret, 5) })
    expect(wrong.statusCode).toBe(400)
    expect(errorOf(wrong).code).toBe('totp-invalid')
    expect((await post('enable', { code: codeFor(secret) })).statusCode).toBe(204)
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: operator.headers,
    })
    expect(me.json<{ operator: OperatorJson }>().operator.totpEnabled).toBe(true)
    expect((await post('setup')).statusCode).toBe(409)
  })

  it('asks for the code at log-in, refuses a wrong one and a replayed one', async () => {
    const secret = await enableTotp()
    const missing = await login()
    expect(missing.statusCode).toBe(401)
    expect(errorOf(missing).code).toBe('totp-required')
    expect(missing.cookies).toHaveLength(0)

    const wrong = await login(codeFor(secret, 3))
    expect(wrong.statusCode).toBe(401)
    expect(errorOf(wrong).code).toBe('totp-invalid')
    const afterWrong = await t.store.db
      .selectFrom('operators')
      .select('failed_logins')
      .where('id', '=', operator.id)
      .executeTakeFirstOrThrow()
    expect(afterWrong.failed_logins).toBe(1)

    const code = codeFor(secret)
    expect((await login(code)).statusCode).toBe(200)
    const replay = await login(code)
    expect(replay.statusCode).toBe(401)
    expect(errorOf(replay).code).toBe('totp-invalid')
    // An older step than the one used is refused too; the next one works.
    expect((await login(codeFor(secret, -1))).statusCode).toBe(401)
    t.clock.advance(30_000)
    expect((await login(codeFor(secret))).statusCode).toBe(200)
  })

  it('disables with a right code only', async () => {
    const secret = await enableTotp()
    expect((await post('disable', { code: codeFor(secret, 5) })).statusCode).toBe(400)
    expect((await post('disable', { code: codeFor(secret) })).statusCode).toBe(204)
    expect((await login()).statusCode).toBe(200)
    expect((await post('disable', { code: codeFor(secret) })).statusCode).toBe(409)
  })

  it('refuses TOTP changes without a CSRF token, with bad bodies, and with an API key', async () => {
    const { secret } = (await post('setup')).json<TotpSetupJson>()
    const noToken = await post(
      'enable',
      { code: codeFor(secret) },
      {
        cookie: operator.headers.cookie,
      },
    )
    expect(noToken.statusCode).toBe(403)
    const unknownField = await post('enable', { code: codeFor(secret), force: true })
    expect(unknownField.statusCode).toBe(400)
    const missing = await post('enable', {})
    expect(errorOf(missing).details?.field).toBe('code')

    const admin = await t.createOperator(operator.tenantId, 'admin')
    const key = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: admin.headers,
      payload: { name: 'helpdesk' },
    })
    const bearer = { authorization: `Bearer ${key.json<CreatedApiKeyJson>().secret}` }
    const withKey = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/totp/setup',
      headers: bearer,
    })
    expect(withKey.statusCode).toBe(403)
  })
})
