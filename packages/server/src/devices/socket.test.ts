import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'

import { CloseCode, PROTOCOL_VERSION } from '@tasuke/protocol'
import { afterEach, expect, it } from 'vitest'

import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { connectClient, type TestClient } from '../relay/test-support/ws-client.js'
import {
  type DeviceListJson,
  deviceApi,
  deviceAuthorization,
  type EnrolledJson,
  enrolment,
  OS,
  type CreatedTokenJson,
} from './test-support/device-api.js'

const ORIGIN = 'https://tasuke.test'

describeEachStore('the device socket and unattended connections', (fixture) => {
  let t: TestApp | undefined
  afterEach(() => t?.close())

  const start = async (devices = {}) => {
    t = await createTestApp(fixture.store(), { devices })
    const app = t
    await app.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.app.server.address() as AddressInfo
    const base = `ws://127.0.0.1:${port}`
    const tenant = await app.createTenant(undefined, 'Support Co.')
    const admin = await app.createOperator(tenant.id, 'admin')
    const operator = await app.createOperator(tenant.id, 'operator')
    const api = deviceApi(app.app)

    const enrol = async (name = 'Reception PC'): Promise<EnrolledJson> => {
      const created = await api.createToken(admin.headers)
      const token = created.json<CreatedTokenJson>().token
      const enrolled = await api.enrol(enrolment(token, name))
      expect(enrolled.statusCode).toBe(201)
      return enrolled.json<EnrolledJson>()
    }
    const hello = (enrolled: EnrolledJson, overrides: Record<string, unknown> = {}) => ({
      type: 'device-hello',
      protocolVersion: PROTOCOL_VERSION,
      deviceId: enrolled.deviceId,
      deviceSecret: enrolled.deviceSecret,
      agentVersion: '0.2.0',
      os: OS,
      ...overrides,
    })
    const device = (enrolled: EnrolledJson | null, overrides: Record<string, unknown> = {}) => {
      const client = connectClient(`${base}/ws/device`)
      if (enrolled !== null) client.sendJson(hello(enrolled, overrides))
      return client
    }
    const online = async (enrolled: EnrolledJson) => {
      const client = device(enrolled)
      await client.message('device-welcome')
      return client
    }
    const statusOf = async (deviceId: string, query = '') => {
      const listed = (await api.list(operator.headers, query)).json<DeviceListJson>()
      return listed.devices.find((d) => d.id === deviceId)?.status ?? 'absent'
    }
    const connect = (deviceId: string, headers = operator.headers) =>
      app.app.inject({ method: 'POST', url: `/api/v1/devices/${deviceId}/connect`, headers })
    const agent = (agentToken: string) => {
      const client = connectClient(`${base}/ws/agent`)
      client.sendJson({ type: 'hello', protocolVersion: PROTOCOL_VERSION, agentToken, os: OS })
      return client
    }
    const viewer = (sessionId: string) =>
      connectClient(`${base}/ws/console?sessionId=${sessionId}`, {
        cookie: operator.headers.cookie,
        origin: ORIGIN,
      })
    const row = (id: string) =>
      app.store.db
        .selectFrom('support_sessions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    return {
      app,
      tenant,
      admin,
      operator,
      api,
      enrol,
      hello,
      device,
      online,
      statusOf,
      connect,
      agent,
      viewer,
      row,
    }
  }

  const connectRequest = async (client: TestClient, nth = 1) =>
    (await client.message('connect-request', nth)) as {
      sessionId: string
      agentToken: string
      operatorName: string
      policy: { mode: string }
      resume?: boolean
    }

  /** A computer online with policy connect, asked for an operator's session, and the viewer. */
  const requestedSession = async () => {
    const s = await start()
    await s.api.putPolicy(s.admin.headers, { mode: 'connect' })
    const enrolled = await s.enrol()
    const client = await s.online(enrolled)
    const { sessionId } = (await s.connect(enrolled.deviceId)).json<{ sessionId: string }>()
    const request = await connectRequest(client)
    const view = s.viewer(sessionId)
    await view.message('session-state')
    return { s, enrolled, client, sessionId, request, view }
  }

  /** The same, once the computer's agent joined and accepted it. */
  const acceptedSession = async () => {
    const requested = await requestedSession()
    const { s, request, view } = requested
    const peer = s.agent(request.agentToken)
    await peer.message('welcome')
    peer.sendJson({ type: 'consent-granted' })
    await view.message('peer-joined')
    return { ...requested, peer }
  }

  it('[D1][D2] welcomes a device with its name, company and policy; online while the socket is open', async () => {
    const s = await start()
    const enrolled = await s.enrol()
    // The enrolment counts as a heartbeat; let that fall out of the online window.
    s.app.clock.advance(10 * 60_000)
    expect(await s.statusOf(enrolled.deviceId)).toBe('offline')
    const client = await s.online(enrolled)
    expect(await client.message('device-welcome')).toEqual({
      type: 'device-welcome',
      deviceName: 'Reception PC',
      tenantName: 'Support Co.',
      policy: { mode: 'always-ask' },
    })
    s.app.clock.advance(10 * 60_000)
    expect(await s.statusOf(enrolled.deviceId)).toBe('online')
    expect(await s.statusOf(enrolled.deviceId, '?status=online')).toBe('online')
    expect(await s.statusOf(enrolled.deviceId, '?status=offline')).toBe('absent')
    client.ws.close()
    await client.closed
    await waitFor(async () => (await s.statusOf(enrolled.deviceId)) === 'offline')
    const stored = await s.app.store.db
      .selectFrom('devices')
      .select(['agent_version', 'last_ip'])
      .where('id', '=', enrolled.deviceId)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ agent_version: '0.2.0', last_ip: '127.0.0.1' })
  })

  it('[D1] refuses wrong credentials, revoked devices, bad versions and anything else first', async () => {
    const s = await start()
    const enrolled = await s.enrol()
    const other = await s.enrol('Other PC')
    const wrongSecret = s.device(enrolled, { deviceSecret: other.deviceSecret })
    expect(await wrongSecret.closed).toBe(CloseCode.Unauthorized)
    const unknown = s.device(enrolled, { deviceId: '00000000-0000-4000-8000-000000000000' })
    expect(await unknown.closed).toBe(CloseCode.Unauthorized)
    const tooNew = s.device(enrolled, { protocolVersion: PROTOCOL_VERSION + 1 })
    expect(await tooNew.closed).toBe(CloseCode.IncompatibleVersion)
    const heartbeatFirst = s.device(null)
    heartbeatFirst.sendJson({ type: 'heartbeat' })
    expect(await heartbeatFirst.closed).toBe(CloseCode.ProtocolError)
    const notJson = s.device(null)
    notJson.ws.once('open', () => {
      notJson.ws.send('{not json')
    })
    expect(await notJson.closed).toBe(CloseCode.ProtocolError)
    const binary = s.device(null)
    binary.ws.once('open', () => {
      binary.ws.send(Buffer.from([1, 2, 3]))
    })
    expect(await binary.closed).toBe(CloseCode.ProtocolError)
    const huge = s.device(null)
    huge.ws.once('open', () => {
      huge.ws.send(JSON.stringify({ type: 'device-hello', padding: 'x'.repeat(200_000) }))
    })
    expect([CloseCode.TooLarge, 1009]).toContain(await huge.closed)

    expect((await s.api.revoke(s.admin.headers, other.deviceId)).statusCode).toBe(204)
    const revoked = s.device(other)
    expect(await revoked.closed).toBe(CloseCode.DeviceRevoked)
    // Nothing broke: the right credentials still get in.
    await s.online(enrolled)
  })

  it('[D1] closes a socket that does not say device-hello in time', async () => {
    const s = await start({ helloTimeoutMs: 200 })
    const silent = s.device(null)
    expect(await silent.closed).toBe(CloseCode.ProtocolError)
  })

  it('[D2] answers bad messages after the welcome with an error and stays open', async () => {
    const s = await start()
    const client = await s.online(await s.enrol())
    client.ws.send('nonsense')
    client.sendJson({ type: 'launch-missiles' })
    client.sendJson({ type: 'connect-refused', sessionId: 'nope', reason: 'busy' })
    await waitFor(() => client.messages.filter((m) => m.type === 'error').length >= 2)
    client.sendJson({ type: 'heartbeat' })
    expect(client.ws.readyState).toBe(client.ws.OPEN)
  })

  it('[D2] heartbeats both ways and closes a silent device with HeartbeatTimeout', async () => {
    const s = await start({ heartbeatMs: 100, silentTicksAllowed: 2 })
    const enrolled = await s.enrol()
    const talking = await s.online(enrolled)
    const beat = setInterval(() => {
      talking.sendJson({ type: 'heartbeat' })
    }, 50)
    await talking.message('heartbeat')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(talking.ws.readyState).toBe(talking.ws.OPEN)
    clearInterval(beat)
    expect(await talking.closed).toBe(CloseCode.HeartbeatTimeout)
  })

  it('[D2] a second socket for the same device replaces the first', async () => {
    const s = await start()
    const enrolled = await s.enrol()
    const first = await s.online(enrolled)
    const second = await s.online(enrolled)
    expect(await first.closed).toBe(CloseCode.Replaced)
    expect(await s.statusOf(enrolled.deviceId)).toBe('online')
    expect(second.ws.readyState).toBe(second.ws.OPEN)
  })

  it('[D2] pushes policy-changed when an admin changes the company or the device policy', async () => {
    const s = await start()
    const enrolled = await s.enrol()
    const client = await s.online(enrolled)
    await s.api.putPolicy(s.admin.headers, { mode: 'connect' })
    await waitFor(() => client.messages.some((m) => m.type === 'policy-changed'))
    // Long after the last heartbeat, the open socket still makes it online.
    s.app.clock.advance(10 * 60_000)
    const patched = await s.api.patch(s.admin.headers, enrolled.deviceId, {
      policyOverride: { mode: 'ask-then-connect', askSeconds: 20 },
    })
    expect(patched.json<{ device: { status: string } }>().device.status).toBe('online')
    await waitFor(() => client.messages.filter((m) => m.type === 'policy-changed').length === 2)
    expect(client.messages.filter((m) => m.type === 'policy-changed')).toEqual([
      { type: 'policy-changed', policy: { mode: 'connect' } },
      { type: 'policy-changed', policy: { mode: 'ask-then-connect', askSeconds: 20 } },
    ])
  })

  it('[D3] connects an operator: connect-request, a single-use agent token, history says unattended', async () => {
    const s = await start()
    await s.api.putPolicy(s.admin.headers, { mode: 'connect' })
    const enrolled = await s.enrol()
    const client = await s.online(enrolled)
    const answer = await s.connect(enrolled.deviceId)
    expect(answer.statusCode).toBe(201)
    const { sessionId, viewerUrl } = answer.json<{ sessionId: string; viewerUrl: string }>()
    expect(viewerUrl).toBe(`/sessions/${sessionId}/view`)
    const request = await connectRequest(client)
    expect(request).toMatchObject({ sessionId, policy: { mode: 'connect' } })
    expect(request.operatorName).toMatch(/^operator /)

    const view = s.viewer(sessionId)
    await view.message('session-state')
    const peer = s.agent(request.agentToken)
    await peer.message('welcome')
    peer.sendJson({ type: 'consent-granted' })
    await view.message('peer-joined')
    // The token was used: a replay is refused, the running session is untouched.
    const replay = s.agent(request.agentToken)
    expect(await replay.closed).toBe(CloseCode.Unauthorized)
    expect(peer.ws.readyState).toBe(peer.ws.OPEN)

    const stored = await s.row(sessionId)
    expect(stored).toMatchObject({
      method: 'unattended',
      state: 'active',
      customer_ip: '127.0.0.1',
      operator_ip: '127.0.0.1',
    })
    const history = await s.app.app.inject({
      method: 'GET',
      url: '/api/v1/history?method=unattended',
      headers: s.admin.headers,
    })
    expect(history.statusCode).toBe(200)
    expect(history.body).toContain(sessionId)
    expect(history.body).toContain('Reception PC')
  })

  it('[D3] an expired agent token is refused and the session given up', async () => {
    const s = await start({ agentTokenSeconds: 1 })
    const enrolled = await s.enrol()
    const client = await s.online(enrolled)
    const answer = await s.connect(enrolled.deviceId)
    const request = await connectRequest(client)
    s.app.clock.advance(5_000)
    const late = s.agent(request.agentToken)
    expect(await late.closed).toBe(CloseCode.Unauthorized)
    const { sessionId } = answer.json<{ sessionId: string }>()
    await waitFor(async () => (await s.row(sessionId)).state === 'ended', 5_000)
    expect((await s.row(sessionId)).outcome).toBe('not-connected')
  })

  it('[D3] refuses connecting to offline, revoked, unknown and other companies’ computers', async () => {
    const s = await start()
    const enrolled = await s.enrol()
    const offline = await s.connect(enrolled.deviceId)
    expect(offline.statusCode).toBe(409)
    expect(offline.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'device-offline',
      message: expect.stringContaining('offline') as unknown,
    })
    expect((await s.connect('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    const otherTenant = await s.app.createTenant()
    const stranger = await s.app.createOperator(otherTenant.id, 'admin')
    await s.online(enrolled)
    expect((await s.connect(enrolled.deviceId, stranger.headers)).statusCode).toBe(404)
    await s.api.revoke(s.admin.headers, enrolled.deviceId)
    expect((await s.connect(enrolled.deviceId)).statusCode).toBe(410)
    const unauthenticated = await s.app.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${enrolled.deviceId}/connect`,
    })
    expect(unauthenticated.statusCode).toBe(401)
    // An API key may not open a customer's screen: only a person at the console.
    const key = `tsk_${randomBytes(32).toString('base64url')}`
    await s.app.store.db
      .insertInto('api_keys')
      .values({
        id: randomUUID(),
        tenant_id: s.tenant.id,
        name: 'helpdesk',
        prefix: key.slice(0, 12),
        key_hash: createHash('sha256').update(key).digest('hex'),
        operator_id: s.operator.id,
        created_at: s.app.clock.now().toISOString(),
        last_used_at: null,
        revoked_at: null,
      })
      .execute()
    const viaKey = await s.app.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${enrolled.deviceId}/connect`,
      headers: { authorization: `Bearer ${key}` },
    })
    expect(viaKey.statusCode).toBe(403)
  })

  it('[D3] connect-refused ends the session and the viewer is told why', async () => {
    const s = await start()
    const enrolled = await s.enrol()
    const client = await s.online(enrolled)
    const { sessionId } = (await s.connect(enrolled.deviceId)).json<{ sessionId: string }>()
    await connectRequest(client)
    const view = s.viewer(sessionId)
    await view.message('session-state')
    // Another device cannot refuse this device's session.
    const other = await s.online(await s.enrol('Other PC'))
    other.sendJson({ type: 'connect-refused', sessionId, reason: 'busy' })
    client.sendJson({ type: 'connect-refused', sessionId, reason: 'refused-by-policy' })
    expect(await view.message('session-ended')).toEqual({
      type: 'session-ended',
      reason: 'consent-declined',
    })
    expect(await view.closed).toBe(CloseCode.SessionEnded)
    await waitFor(async () => (await s.row(sessionId)).state === 'ended')
    expect(await s.row(sessionId)).toMatchObject({ state: 'ended', outcome: 'declined' })
  })

  it('[D3] a busy computer or one without a display: the viewer is told which', async () => {
    const s = await start()
    const client = await s.online(await s.enrol())
    for (const [refusal, reason] of [
      ['busy', 'device-busy'],
      ['no-display', 'no-display'],
    ] as const) {
      const devices = await s.api.list(s.operator.headers)
      const deviceId = devices.json<DeviceListJson>().devices[0]?.id ?? ''
      const { sessionId } = (await s.connect(deviceId)).json<{ sessionId: string }>()
      await connectRequest(client, refusal === 'busy' ? 1 : 2)
      const view = s.viewer(sessionId)
      await view.message('session-state')
      client.sendJson({ type: 'connect-refused', sessionId, reason: refusal })
      expect(await view.message('session-ended')).toEqual({ type: 'session-ended', reason })
      await waitFor(async () => (await s.row(sessionId)).state === 'ended')
      expect((await s.row(sessionId)).outcome).toBe('not-connected')
    }
  })

  it('[D5] a dropped agent socket comes back with a fresh token the device asks for; the old one is dead', async () => {
    const { s, client, sessionId, request: first, view } = await requestedSession()
    // Not accepted yet: nothing to resume (a resume never skips the customer's consent).
    client.sendJson({ type: 'session-resume', sessionId })
    expect(await client.message('error')).toMatchObject({ code: 'session-not-found' })
    const peer = s.agent(first.agentToken)
    await peer.message('welcome')
    peer.sendJson({ type: 'consent-granted' })
    await view.message('peer-joined')
    peer.ws.terminate()
    expect(await view.message('peer-left')).toEqual({ type: 'peer-left', reason: 'disconnected' })

    // Another computer of the company cannot take the session over.
    const other = await s.online(await s.enrol('Other PC'))
    other.sendJson({ type: 'session-resume', sessionId })
    expect(await other.message('error')).toMatchObject({ code: 'session-not-found' })

    client.sendJson({ type: 'session-resume', sessionId })
    const renewed = await connectRequest(client, 2)
    expect(renewed).toMatchObject({ sessionId, resume: true, policy: { mode: 'connect' } })
    expect(renewed.operatorName).toBe(first.operatorName)
    expect(renewed.agentToken).not.toBe(first.agentToken)
    expect(await s.agent(first.agentToken).closed).toBe(CloseCode.Unauthorized)
    const back = s.agent(renewed.agentToken)
    await back.message('welcome')
    expect(await view.message('peer-joined', 2)).toMatchObject({ type: 'peer-joined' })
    expect((await s.row(sessionId)).state).toBe('active')
    // Single use, like the first.
    expect(await s.agent(renewed.agentToken).closed).toBe(CloseCode.Unauthorized)
  })

  it('[D5] a computer that comes back online is handed its accepted session again', async () => {
    const { s, enrolled, client, sessionId, view, peer } = await acceptedSession()
    // The computer restarts: its agent says so, both sockets go.
    peer.sendJson({ type: 'restarting' })
    peer.ws.terminate()
    client.ws.terminate()
    expect(await view.message('peer-left')).toEqual({ type: 'peer-left', reason: 'restarting' })
    const again = s.device(enrolled)
    await again.message('device-welcome')
    const resumed = await connectRequest(again)
    expect(resumed).toMatchObject({ sessionId, resume: true })
    const back = s.agent(resumed.agentToken)
    await back.message('welcome')
    expect(await view.message('peer-joined', 2)).toMatchObject({ type: 'peer-joined' })
  })

  it('[D4] revoking mid-session closes the device socket with 4014 and ends the session at once', async () => {
    const { s, enrolled, client, sessionId, view, peer } = await acceptedSession()

    expect((await s.api.revoke(s.admin.headers, enrolled.deviceId)).statusCode).toBe(204)
    expect(await client.closed).toBe(CloseCode.DeviceRevoked)
    expect(await view.message('session-ended')).toEqual({
      type: 'session-ended',
      reason: 'device-revoked',
    })
    expect(await peer.closed).toBe(CloseCode.SessionEnded)
    await waitFor(async () => (await s.row(sessionId)).state === 'ended')
    expect((await s.row(sessionId)).outcome).toBe('failed')
    expect(await s.statusOf(enrolled.deviceId, '?status=revoked')).toBe('revoked')
  })

  it('[D4] an uninstalled agent leaves: revoked, audited, its socket closed; a second leave is refused', async () => {
    const s = await start()
    const enrolled = await s.enrol()
    const client = await s.online(enrolled)
    const leave = (authorization?: string) =>
      s.app.app.inject({
        method: 'POST',
        url: '/api/v1/devices/leave',
        headers: authorization === undefined ? {} : { authorization },
      })
    expect((await leave()).statusCode).toBe(401)
    expect((await leave('Device nonsense')).statusCode).toBe(401)
    expect((await leave(deviceAuthorization(enrolled))).statusCode).toBe(204)
    expect(await client.closed).toBe(CloseCode.DeviceRevoked)
    const again = await leave(deviceAuthorization(enrolled))
    expect(again.statusCode).toBe(401)
    expect(again.json<{ error: { code: string } }>().error.code).toBe('revoked-device')
    const stored = await s.app.store.db
      .selectFrom('devices')
      .select(['revoked_at', 'left_at'])
      .where('id', '=', enrolled.deviceId)
      .executeTakeFirstOrThrow()
    expect(stored.left_at).not.toBeNull()
    expect(stored.revoked_at).toBe(stored.left_at)
    const audit = await s.app.store.db
      .selectFrom('audit_events')
      .select('kind')
      .where('tenant_id', '=', s.tenant.id)
      .where('kind', '=', 'device-left')
      .execute()
    expect(audit).toHaveLength(1)
  })
})

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
