import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest'

import { errorOf } from '../auth/test-support/identity.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp, type TestOperator } from '../test-support/test-app.js'
import {
  type CreatedTokenJson,
  deviceApi,
  deviceAuthorization,
  type DeviceJson,
  type DeviceListJson,
  type EnrolledJson,
  enrolment,
} from './test-support/device-api.js'

interface TokenListJson {
  enrolmentTokens: (CreatedTokenJson['enrolmentToken'] & { revokedAt: string | null })[]
}

describeEachStore('device registry routes', (fixture) => {
  let t: TestApp
  let api: ReturnType<typeof deviceApi>
  let tenantId: string
  let admin: TestOperator
  let operator: TestOperator
  let addressCounter = 0

  beforeAll(async () => {
    t = await createTestApp(fixture.store())
    api = deviceApi(t.app)
  })
  afterAll(() => t.close())
  beforeEach(async () => {
    tenantId = (await t.createTenant()).id
    admin = await t.createOperator(tenantId, 'admin')
    operator = await t.createOperator(tenantId, 'operator')
  })

  const newToken = async (payload: unknown = {}, headers = admin.headers) => {
    const response = await api.createToken(headers, payload)
    expect(response.statusCode).toBe(201)
    return response.json<CreatedTokenJson>()
  }
  const enrolNew = async (name: string, payload: unknown = {}, headers = admin.headers) => {
    const { token } = await newToken(payload, headers)
    addressCounter += 1
    const answer = await api.enrol(enrolment(token, name), `192.0.2.${addressCounter % 250}`)
    expect(answer.statusCode).toBe(201)
    return answer.json<EnrolledJson>()
  }
  const tokens = async (headers = admin.headers) =>
    (await api.listTokens(headers)).json<TokenListJson>().enrolmentTokens
  const devices = async (query = '', headers = admin.headers) => {
    const answer = await api.list(headers, query)
    expect(answer.statusCode).toBe(200)
    return answer.json<DeviceListJson>()
  }
  const names = (list: DeviceListJson) => list.devices.map((d) => d.name)

  it('creates a token shown once with the install command; lists it by status', async () => {
    const created = await newToken({ label: 'Front desk', group: 'Shop A' })
    expect(created.token).toMatch(/^tse_[A-Za-z0-9_-]{43}$/)
    expect(created.command).toBe(
      `tasuke-agent install --server https://tasuke.test --token ${created.token}`,
    )
    expect(created.enrolmentToken).toMatchObject({
      label: 'Front desk',
      group: 'Shop A',
      status: 'unused',
      usedBy: null,
      createdBy: { id: admin.id },
      expiresAt: new Date(t.clock.now().getTime() + 24 * 3600_000).toISOString(),
    })
    const listed = await tokens()
    expect(listed).toHaveLength(1)
    expect(JSON.stringify(listed)).not.toContain(created.token)
    expect(listed[0]?.createdBy.displayName).toMatch(/^admin /)

    const shortLived = await newToken({ expiresInHours: 1 })
    const revoked = await newToken({ expiresInHours: 720 })
    expect((await api.revokeToken(admin.headers, revoked.enrolmentToken.id)).statusCode).toBe(204)
    const enrolled = await api.enrol(enrolment(created.token, 'Till 1'), '192.0.2.251')
    const deviceId = enrolled.json<EnrolledJson>().deviceId
    t.clock.advance(3600_000)
    const byId = new Map((await tokens()).map((token) => [token.id, token]))
    expect(byId.get(created.enrolmentToken.id)).toMatchObject({
      status: 'used',
      usedBy: { id: deviceId, name: 'Till 1' },
    })
    expect(byId.get(shortLived.enrolmentToken.id)?.status).toBe('expired')
    expect(byId.get(revoked.enrolmentToken.id)?.status).toBe('revoked')

    const usedRevoke = await api.revokeToken(admin.headers, created.enrolmentToken.id)
    expect(usedRevoke.statusCode).toBe(409)
    expect(errorOf(usedRevoke).code).toBe('token-used')
    const kinds = await t.store.db
      .selectFrom('audit_events')
      .select('kind')
      .where('tenant_id', '=', tenantId)
      .where('kind', 'in', ['device-token-created', 'device-token-revoked'])
      .execute()
    expect(kinds.map((k) => k.kind).sort()).toEqual([
      'device-token-created',
      'device-token-created',
      'device-token-created',
      'device-token-revoked',
    ])
  })

  it('refuses bad token requests with 400 and creates nothing', async () => {
    for (const payload of [
      { expiresInHours: 0 },
      { expiresInHours: 721 },
      { expiresInHours: 1.5 },
      { expiresInHours: '24' },
      { group: '' },
      { group: 'g'.repeat(101) },
      { label: 'line\nbreak' },
      { label: 7 },
      { role: 'admin' },
    ]) {
      const answer = await api.createToken(admin.headers, payload)
      expect(answer.statusCode, JSON.stringify(payload)).toBe(400)
    }
    expect(await tokens()).toEqual([])
  })

  it('lists devices as online within the window and offline after it, with filters', async () => {
    const a = await enrolNew('Alpha', { group: 'Shop A' })
    await enrolNew('Bravo', { group: 'Shop B' })
    await enrolNew('Charlie')
    const list = await devices('', operator.headers)
    expect(names(list)).toEqual(['Alpha', 'Bravo', 'Charlie'])
    expect(list.groups).toEqual(['Shop A', 'Shop B'])
    expect(list.onlineSeconds).toBe(90)
    expect(list.devices.every((d) => d.status === 'online')).toBe(true)
    expect(list.devices[0]).toMatchObject({
      os: { platform: 'linux', arch: 'x64' },
      agentVersion: '0.1.0',
      policyOverride: null,
      effectivePolicy: { mode: 'always-ask' },
    })

    t.clock.advance(91_000)
    expect((await api.heartbeat(deviceAuthorization(a))).statusCode).toBe(200)
    const later = await devices()
    expect(later.devices.map((d) => [d.name, d.status])).toEqual([
      ['Alpha', 'online'],
      ['Bravo', 'offline'],
      ['Charlie', 'offline'],
    ])
    expect(names(await devices('?status=online'))).toEqual(['Alpha'])
    expect(names(await devices('?status=offline'))).toEqual(['Bravo', 'Charlie'])
    expect(names(await devices('?group=Shop%20B'))).toEqual(['Bravo'])
    expect(names(await devices('?group=Shop%20B&status=online'))).toEqual([])
    for (const query of ['?status=asleep', '?group=', `?group=${'g'.repeat(101)}`, '?x=1']) {
      expect((await api.list(admin.headers, query)).statusCode, query).toBe(400)
    }
  })

  it('lets admins rename, regroup and tighten a device; never looser than the company', async () => {
    const device = await enrolNew('Old name')
    const patch = (payload: unknown) => api.patch(admin.headers, device.deviceId, payload)
    const renamed = await patch({ name: 'Reception', group: 'Head office' })
    expect(renamed.statusCode).toBe(200)
    expect(renamed.json<{ device: DeviceJson }>().device).toMatchObject({
      name: 'Reception',
      group: 'Head office',
    })
    expect((await patch({ group: null })).json<{ device: DeviceJson }>().device.group).toBeNull()

    const put = await api.putPolicy(admin.headers, { mode: 'ask-then-connect', askSeconds: 30 })
    expect(put.json()).toEqual({ policy: { mode: 'ask-then-connect', askSeconds: 30 } })
    expect((await api.getPolicy(operator.headers)).json()).toEqual(put.json())
    for (const looser of [{ mode: 'connect' }, { mode: 'ask-then-connect', askSeconds: 10 }]) {
      const refused = await patch({ policyOverride: looser })
      expect(refused.statusCode).toBe(400)
      expect(errorOf(refused).code).toBe('policy-too-lax')
    }
    const stricter = await patch({ policyOverride: { mode: 'ask-then-connect', askSeconds: 60 } })
    expect(stricter.json<{ device: DeviceJson }>().device.effectivePolicy).toEqual({
      mode: 'ask-then-connect',
      askSeconds: 60,
    })
    // The company tightens its policy beyond the device's: the company's applies.
    await api.putPolicy(admin.headers, { mode: 'always-ask' })
    const [listed] = (await devices()).devices
    expect(listed?.policyOverride).toEqual({ mode: 'ask-then-connect', askSeconds: 60 })
    expect(listed?.effectivePolicy).toEqual({ mode: 'always-ask' })
    const cleared = await patch({ policyOverride: null })
    expect(cleared.json<{ device: DeviceJson }>().device.policyOverride).toBeNull()

    for (const bad of [
      {},
      { name: '' },
      { name: 'n'.repeat(101) },
      { policyOverride: { mode: 'ask-then-connect' } },
      { policyOverride: { mode: 'ask-then-connect', askSeconds: 301 } },
      { policyOverride: { mode: 'sometimes' } },
      { secret_hash: 'x' },
    ]) {
      expect((await patch(bad)).statusCode, JSON.stringify(bad)).toBe(400)
    }
    expect((await devices()).devices[0]?.name).toBe('Reception')
    const audit = await t.store.db
      .selectFrom('audit_events')
      .select('kind')
      .where('tenant_id', '=', tenantId)
      .where('kind', 'in', ['device-changed', 'device-policy-changed'])
      .execute()
    expect(audit.length).toBe(6)
  })

  it('validates the company policy: 5 to 300 seconds, known modes only', async () => {
    for (const bad of [
      { mode: 'ask-then-connect', askSeconds: 4 },
      { mode: 'ask-then-connect', askSeconds: 301 },
      { mode: 'ask-then-connect' },
      { mode: 'connect', askSeconds: 30 },
      { mode: 'never' },
      'connect',
    ]) {
      expect((await api.putPolicy(admin.headers, bad)).statusCode, JSON.stringify(bad)).toBe(400)
    }
    expect((await api.getPolicy(admin.headers)).json()).toEqual({ policy: { mode: 'always-ask' } })
    const edge = await api.putPolicy(admin.headers, { mode: 'ask-then-connect', askSeconds: 5 })
    expect(edge.statusCode).toBe(200)
  })

  it('revokes a device at once: refused heartbeat, listed as revoked, no more changes', async () => {
    const device = await enrolNew('Leaving')
    expect((await api.revoke(admin.headers, device.deviceId)).statusCode).toBe(204)
    expect((await api.heartbeat(deviceAuthorization(device))).statusCode).toBe(401)
    expect(names(await devices())).toEqual([])
    const [revoked] = (await devices('?status=revoked')).devices
    expect(revoked).toMatchObject({ status: 'revoked', revokedAt: t.clock.now().toISOString() })
    const change = await api.patch(admin.headers, device.deviceId, { name: 'Back' })
    expect(change.statusCode).toBe(409)
    expect(errorOf(change).code).toBe('device-revoked')
    expect((await api.revoke(admin.headers, device.deviceId)).statusCode).toBe(204)
    expect((await api.revoke(admin.headers, randomUUID())).statusCode).toBe(404)
  })

  it('is described in the OpenAPI document', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>
    }>()
    const expected: [string, string][] = [
      ['/api/v1/enrolment-tokens', 'post'],
      ['/api/v1/enrolment-tokens/{id}', 'delete'],
      ['/api/v1/device-policy', 'put'],
      ['/api/v1/devices', 'get'],
      ['/api/v1/devices/{id}', 'patch'],
      ['/api/v1/devices/enrol', 'post'],
      ['/api/v1/devices/heartbeat', 'post'],
    ]
    for (const [path, method] of expected) {
      expect(document.paths[path], path).toHaveProperty(method)
    }
  })

  it('keeps operators to reading: 403 for every change', async () => {
    const device = await enrolNew('Mine')
    const { enrolmentToken } = await newToken()
    for (const answer of [
      await api.createToken(operator.headers),
      await api.listTokens(operator.headers),
      await api.revokeToken(operator.headers, enrolmentToken.id),
      await api.patch(operator.headers, device.deviceId, { name: 'Theirs' }),
      await api.revoke(operator.headers, device.deviceId),
      await api.putPolicy(operator.headers, { mode: 'connect' }),
    ]) {
      expect(answer.statusCode).toBe(403)
    }
    expect((await api.list({})).statusCode).toBe(401)
    expect(names(await devices('', operator.headers))).toEqual(['Mine'])
  })

  it("keeps tenants apart: another company's devices and tokens are invisible and untouchable", async () => {
    const otherTenant = await t.createTenant()
    const otherAdmin = await t.createOperator(otherTenant.id, 'admin')
    const theirs = await enrolNew('Theirs', { group: 'Secret group' }, otherAdmin.headers)
    const theirToken = await newToken({}, otherAdmin.headers)
    await api.putPolicy(otherAdmin.headers, { mode: 'connect' })
    await enrolNew('Ours')

    const ours = await devices()
    expect(names(ours)).toEqual(['Ours'])
    expect(ours.groups).toEqual([])
    expect(ours.policy).toEqual({ mode: 'always-ask' })
    expect(names(await devices('?group=Secret%20group'))).toEqual([])
    expect((await tokens()).map((token) => token.id)).not.toContain(theirToken.enrolmentToken.id)
    for (const answer of [
      await api.patch(admin.headers, theirs.deviceId, { name: 'Stolen' }),
      await api.revoke(admin.headers, theirs.deviceId),
      await api.revokeToken(admin.headers, theirToken.enrolmentToken.id),
    ]) {
      expect(answer.statusCode).toBe(404)
      expect(errorOf(answer).code).toBe('not-found')
    }
    expect(names(await devices('', otherAdmin.headers))).toEqual(['Theirs'])
    expect((await api.heartbeat(deviceAuthorization(theirs))).json()).toMatchObject({
      policy: { mode: 'connect' },
    })
    const theirTokens = await tokens(otherAdmin.headers)
    expect(theirTokens.find((token) => token.id === theirToken.enrolmentToken.id)?.status).toBe(
      'unused',
    )
  })
})
