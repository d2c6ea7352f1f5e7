import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import { errorOf } from '../auth/test-support/identity.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'
import { hashSecret, newDeviceSecret, newEnrolmentToken } from './credentials.js'
import {
  type CreatedTokenJson,
  deviceApi,
  deviceAuthorization,
  type DeviceListJson,
  type EnrolledJson,
  enrolment,
  OS,
} from './test-support/device-api.js'

describeEachStore('device enrolment and heartbeat routes', (fixture) => {
  let t: TestApp
  let api: ReturnType<typeof deviceApi>
  let tenantId: string
  let admin: TestOperator
  let addressCounter = 0
  // Each test enrols from an address of its own, so one test's failures never limit another's.
  let address: string

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
    api = deviceApi(t.app)
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    tenantId = (await t.createTenant(undefined, `Acme ${randomUUID()}`)).id
    admin = await t.createOperator(tenantId, 'admin')
    addressCounter += 1
    address = `198.51.100.${addressCounter}`
  })

  const newToken = async (payload: unknown = {}) => {
    const response = await api.createToken(admin.headers, payload)
    expect(response.statusCode).toBe(201)
    return response.json<CreatedTokenJson>()
  }
  const enrolWith = (token: string, name?: string) => api.enrol(enrolment(token, name), address)
  const devicesOf = async (id: string) =>
    t.store.db.selectFrom('devices').selectAll().where('tenant_id', '=', id).execute()
  const tokenRow = (id: string) =>
    t.store.db
      .selectFrom('device_enrolment_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  it("enrols a device into the token's tenant and group; only the secret's hash is stored", async () => {
    const created = await newToken({ group: 'Shop A', label: 'Front desk' })
    const response = await enrolWith(created.token)
    expect(response.statusCode).toBe(201)
    const enrolled = response.json<EnrolledJson>()
    expect(enrolled.deviceSecret).toMatch(/^tsd_[A-Za-z0-9_-]{43}$/)
    const [row, ...others] = await devicesOf(tenantId)
    expect(others).toEqual([])
    expect(row).toMatchObject({
      id: enrolled.deviceId,
      name: 'Reception PC',
      group_name: 'Shop A',
      os_platform: 'linux',
      os_release: OS.release,
      os_arch: 'x64',
      agent_version: '0.1.0',
      secret_hash: hashSecret(enrolled.deviceSecret),
      enrolment_token_id: created.enrolmentToken.id,
      revoked_at: null,
    })
    expect(JSON.stringify(row)).not.toContain(enrolled.deviceSecret)
    const token = await tokenRow(created.enrolmentToken.id)
    expect(token.used_by_device_id).toBe(enrolled.deviceId)
    expect(JSON.stringify(token)).not.toContain(created.token)
    const audit = await t.store.db
      .selectFrom('audit_events')
      .select(['kind', 'detail'])
      .where('tenant_id', '=', tenantId)
      .where('kind', '=', 'device-enrolled')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.detail).not.toContain(enrolled.deviceSecret)
  })

  it('refuses a replayed token with 409 and a clear message, and enrols nothing more', async () => {
    const { token } = await newToken()
    expect((await enrolWith(token, 'First')).statusCode).toBe(201)
    const replay = await enrolWith(token, 'Second')
    expect(replay.statusCode).toBe(409)
    expect(errorOf(replay)).toMatchObject({ code: 'used-token' })
    expect(errorOf(replay).message).toMatch(/already been used/)
    expect((await devicesOf(tenantId)).map((d) => d.name)).toEqual(['First'])
  })

  it('gives exactly one device for one token used by many enrolments at once', async () => {
    const { token } = await newToken()
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => enrolWith(token, `Racer ${i}`)),
    )
    const codes = answers.map((a) => a.statusCode).sort()
    expect(codes).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
    expect(await devicesOf(tenantId)).toHaveLength(1)
  })

  it('refuses expired, revoked and unknown tokens with distinct errors that name no tenant', async () => {
    const expiring = await newToken({ expiresInHours: 1 })
    const revoked = await newToken()
    expect((await api.revokeToken(admin.headers, revoked.enrolmentToken.id)).statusCode).toBe(204)
    t.clock.advance(3600_000)

    const cases: [string, number, string][] = [
      [expiring.token, 410, 'expired-token'],
      [revoked.token, 410, 'revoked-token'],
      [newEnrolmentToken(), 404, 'unknown-token'],
      ['not-a-token', 404, 'unknown-token'],
    ]
    const tenant = await t.store.db
      .selectFrom('tenants')
      .select('name')
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow()
    for (const [token, status, code] of cases) {
      const answer = await enrolWith(token)
      expect(answer.statusCode, code).toBe(status)
      expect(errorOf(answer).code).toBe(code)
      expect(answer.body).not.toContain(tenant.name)
      expect(answer.body).not.toContain(tenantId)
    }
    expect(await devicesOf(tenantId)).toEqual([])
    const failures = await t.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('kind', '=', 'device-enrol-failed')
      .where('ip', '=', address)
      .execute()
    expect(failures).toHaveLength(4)
    for (const failure of failures) expect(failure.detail).not.toContain('tse_')
  })

  it('refuses bad input with 400 and leaves the token unused', async () => {
    const created = await newToken()
    const good = enrolment(created.token)
    const bad: unknown[] = [
      { ...good, token: 42 },
      { ...good, name: '' },
      { ...good, name: '   ' },
      { ...good, name: 'x'.repeat(101) },
      { ...good, name: 'tab\there' },
      { ...good, token: 'x'.repeat(10_000) },
      { ...good, os: { ...OS, platform: 'Linux!' } },
      { ...good, os: { ...OS, release: 'r'.repeat(101) } },
      { ...good, os: { ...OS, extra: 1 } },
      { ...good, os: 'linux' },
      { ...good, agentVersion: '1.0; rm -rf /' },
      { ...good, extra: true },
      { token: created.token },
      [],
      null,
    ]
    for (const payload of bad) {
      const answer = await api.enrol(payload, address)
      expect(answer.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400)
    }
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/enrol',
      headers: { 'content-type': 'application/json' },
      payload: '{"token":',
      remoteAddress: address,
    })
    expect(broken.statusCode).toBe(400)
    expect((await tokenRow(created.enrolmentToken.id)).used_at).toBeNull()
    expect((await enrolWith(created.token)).statusCode).toBe(201)
  })

  it('rate limits failing enrolments per address, not for other addresses', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await enrolWith(newEnrolmentToken())).statusCode).toBe(404)
    }
    const limited = await enrolWith(newEnrolmentToken())
    expect(limited.statusCode).toBe(429)
    expect(errorOf(limited).code).toBe('rate-limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    const { token } = await newToken()
    expect((await enrolWith(token)).statusCode).toBe(429)
    expect((await api.enrol(enrolment(token), '192.0.2.200')).statusCode).toBe(201)
  })

  it('records heartbeats with the device credential and answers the effective policy', async () => {
    const { token } = await newToken()
    const enrolled = (await enrolWith(token)).json<EnrolledJson>()
    expect((await api.putPolicy(admin.headers, { mode: 'connect' })).statusCode).toBe(200)
    t.clock.advance(60_000)
    const beat = await api.heartbeat(deviceAuthorization(enrolled), {
      os: { platform: 'linux', release: '6.2.0', arch: 'arm64' },
      agentVersion: '0.2.0',
    })
    expect(beat.statusCode).toBe(200)
    expect(beat.json()).toEqual({ deviceId: enrolled.deviceId, policy: { mode: 'connect' } })
    const [row] = await devicesOf(tenantId)
    expect(row).toMatchObject({
      last_seen_at: t.clock.now().toISOString(),
      os_release: '6.2.0',
      os_arch: 'arm64',
      agent_version: '0.2.0',
    })
    // A body with nothing to report is fine too, and so is no body at all.
    t.clock.advance(1000)
    expect((await api.heartbeat(deviceAuthorization(enrolled))).statusCode).toBe(200)
    expect((await devicesOf(tenantId))[0]?.last_seen_at).toBe(t.clock.now().toISOString())
    t.clock.advance(1000)
    const bare = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/heartbeat',
      headers: { authorization: deviceAuthorization(enrolled) },
    })
    expect(bare.statusCode).toBe(200)
    expect((await devicesOf(tenantId))[0]?.last_seen_at).toBe(t.clock.now().toISOString())
  })

  it('refuses bad Authorization shapes, wrong secrets, unknown and revoked devices with 401', async () => {
    const { token } = await newToken()
    const enrolled = (await enrolWith(token)).json<EnrolledJson>()
    const before = (await devicesOf(tenantId))[0]?.last_seen_at
    t.clock.advance(5000)
    const shapes: [string | undefined, string][] = [
      [undefined, 'invalid-device-credentials'],
      ['', 'invalid-device-credentials'],
      [`Bearer ${enrolled.deviceSecret}`, 'invalid-device-credentials'],
      [`Device ${enrolled.deviceId}`, 'invalid-device-credentials'],
      [`Device ${enrolled.deviceId}:${enrolled.deviceSecret}`, 'invalid-device-credentials'],
      [`Device ${enrolled.deviceId}.${'x'.repeat(5000)}`, 'invalid-device-credentials'],
      [`Device ${enrolled.deviceId}.${newDeviceSecret()}`, 'unknown-device'],
      [`Device ${randomUUID()}.${enrolled.deviceSecret}`, 'unknown-device'],
    ]
    for (const [header, code] of shapes) {
      const answer = await api.heartbeat(header)
      expect(answer.statusCode, String(header).slice(0, 60)).toBe(401)
      expect(errorOf(answer).code).toBe(code)
    }
    const badBody = await api.heartbeat(deviceAuthorization(enrolled), { os: 'linux' })
    expect(badBody.statusCode).toBe(400)
    expect((await devicesOf(tenantId))[0]?.last_seen_at).toBe(before)

    expect((await api.revoke(admin.headers, enrolled.deviceId)).statusCode).toBe(204)
    const refused = await api.heartbeat(deviceAuthorization(enrolled))
    expect(refused.statusCode).toBe(401)
    expect(errorOf(refused).code).toBe('revoked-device')
    expect(errorOf(refused).message).toMatch(/revoked/)
    const listed = (await api.list(admin.headers, '?status=revoked')).json<DeviceListJson>()
    expect(listed.devices.map((d) => d.id)).toEqual([enrolled.deviceId])
  })
})
