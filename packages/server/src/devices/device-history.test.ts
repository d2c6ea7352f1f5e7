import type { AddressInfo } from 'node:net'

import { PROTOCOL_VERSION } from '@tasuke/protocol'
import { afterEach, expect, it } from 'vitest'

import { errorOf } from '../auth/test-support/identity.js'
import { connectClient, type TestClient } from '../relay/test-support/ws-client.js'
import { describeEachStore } from '../store/store.contract.js'
import { createTestApp, type TestApp } from '../test-support/test-app.js'
import { newDeviceSecret } from './credentials.js'
import {
  type CreatedTokenJson,
  deviceApi,
  deviceAuthorization,
  type EnrolledJson,
  enrolment,
  OS,
} from './test-support/device-api.js'

interface SelfJson {
  readonly deviceName: string
  readonly tenantName: string
  readonly group: string | null
  readonly policy: { readonly mode: string; readonly askSeconds?: number }
  readonly enrolledAt: string
  readonly sessions: {
    readonly sessionId: string
    readonly operatorName: string
    readonly startedAt: string
    readonly endedAt: string | null
    readonly outcome: string | null
  }[]
}

describeEachStore('GET /devices/self: the installed agent’s own facts and history', (fixture) => {
  let t: TestApp | undefined
  afterEach(() => t?.close())

  const start = async () => {
    t = await createTestApp(fixture.store())
    const app = t
    await app.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.app.server.address() as AddressInfo
    const base = `ws://127.0.0.1:${port}`
    const tenant = await app.createTenant(undefined, 'Support Co.')
    const admin = await app.createOperator(tenant.id, 'admin')
    const operator = await app.createOperator(tenant.id, 'operator')
    const api = deviceApi(app.app)
    const enrol = async (name: string, group: string | null = null): Promise<EnrolledJson> => {
      const created = await api.createToken(admin.headers, { group })
      const enrolled = await api.enrol(enrolment(created.json<CreatedTokenJson>().token, name))
      expect(enrolled.statusCode).toBe(201)
      return enrolled.json<EnrolledJson>()
    }
    const online = async (enrolled: EnrolledJson) => {
      const client = connectClient(`${base}/ws/device`)
      client.sendJson({
        type: 'device-hello',
        protocolVersion: PROTOCOL_VERSION,
        deviceId: enrolled.deviceId,
        deviceSecret: enrolled.deviceSecret,
        agentVersion: '0.2.0',
        os: OS,
      })
      await client.message('device-welcome')
      return client
    }
    const self = (authorization: string | undefined) =>
      app.app.inject({
        method: 'GET',
        url: '/api/v1/devices/self',
        headers: authorization === undefined ? {} : { authorization },
      })
    /** The operator connects; the device's agent takes it and ends it, or the device refuses. */
    const session = async (
      device: TestClient,
      enrolled: EnrolledJson,
      how: 'completed' | 'refused',
    ): Promise<string> => {
      const before = device.messages.filter((m) => m.type === 'connect-request').length
      const answer = await app.app.inject({
        method: 'POST',
        url: `/api/v1/devices/${enrolled.deviceId}/connect`,
        headers: operator.headers,
      })
      expect(answer.statusCode).toBe(201)
      const { sessionId } = answer.json<{ sessionId: string }>()
      await waitFor(
        () => device.messages.filter((m) => m.type === 'connect-request').length > before,
      )
      const agentToken = device.messages.filter((m) => m.type === 'connect-request').at(-1)?.[
        'agentToken'
      ]
      if (typeof agentToken !== 'string') throw new Error('no agent token')
      if (how === 'refused') {
        device.sendJson({ type: 'connect-refused', sessionId, reason: 'refused-by-policy' })
      } else {
        const agent = connectClient(`${base}/ws/agent`)
        agent.sendJson({
          type: 'hello',
          protocolVersion: PROTOCOL_VERSION,
          agentToken,
          os: OS,
        })
        await agent.message('welcome')
        agent.sendJson({ type: 'consent-granted' })
        await waitFor(async () => (await stateOf(sessionId)) === 'active')
        app.clock.advance(60_000)
        agent.sendJson({ type: 'end', reason: 'customer-ended' })
        await agent.closed
      }
      await waitFor(async () => (await stateOf(sessionId)) === 'ended')
      return sessionId
    }
    const stateOf = async (sessionId: string) =>
      (
        await app.store.db
          .selectFrom('support_sessions')
          .select('state')
          .where('id', '=', sessionId)
          .executeTakeFirstOrThrow()
      ).state
    return { app, tenant, admin, operator, api, enrol, online, self, session }
  }

  it('names the device, company, group and policy; the history is empty before any session', async () => {
    const s = await start()
    await s.api.putPolicy(s.admin.headers, { mode: 'ask-then-connect', askSeconds: 30 })
    const enrolled = await s.enrol('Reception PC', 'Shop A')
    const answer = await s.self(deviceAuthorization(enrolled))
    expect(answer.statusCode).toBe(200)
    expect(answer.json<SelfJson>()).toEqual({
      deviceName: 'Reception PC',
      tenantName: 'Support Co.',
      group: 'Shop A',
      policy: { mode: 'ask-then-connect', askSeconds: 30 },
      enrolledAt: s.app.clock.now().toISOString(),
      sessions: [],
    })
    // The device's own stricter policy is the one that applies.
    await s.api.patch(s.admin.headers, enrolled.deviceId, {
      policyOverride: { mode: 'always-ask' },
    })
    expect((await s.self(deviceAuthorization(enrolled))).json<SelfJson>().policy).toEqual({
      mode: 'always-ask',
    })
  })

  it('lists the device’s ended unattended sessions newest first, and never another device’s', async () => {
    const s = await start()
    await s.api.putPolicy(s.admin.headers, { mode: 'connect' })
    const mine = await s.enrol('Reception PC')
    const other = await s.enrol('Back office PC')
    const myDevice = await s.online(mine)
    const otherDevice = await s.online(other)

    const first = await s.session(myDevice, mine, 'completed')
    s.app.clock.advance(5_000)
    const foreign = await s.session(otherDevice, other, 'completed')
    s.app.clock.advance(5_000)
    const second = await s.session(myDevice, mine, 'refused')

    const history = (await s.self(deviceAuthorization(mine))).json<SelfJson>().sessions
    expect(history.map((entry) => entry.sessionId)).toEqual([second, first])
    expect(history[0]).toMatchObject({
      operatorName: `operator ${s.operator.email.split('@')[0] ?? ''}`,
      outcome: 'declined',
    })
    expect(history[1]).toMatchObject({
      operatorName: `operator ${s.operator.email.split('@')[0] ?? ''}`,
      outcome: 'completed',
    })
    const completed = history[1]
    expect(completed?.endedAt).not.toBeNull()
    expect(Date.parse(completed?.endedAt ?? '') - Date.parse(completed?.startedAt ?? '')).toBe(
      60_000,
    )
    const theirs = (await s.self(deviceAuthorization(other))).json<SelfJson>().sessions
    expect(theirs.map((entry) => entry.sessionId)).toEqual([foreign])
    myDevice.ws.close()
    otherDevice.ws.close()
  })

  it('refuses missing, malformed, wrong and revoked credentials with 401 and a clear message', async () => {
    const s = await start()
    const enrolled = await s.enrol('Reception PC')
    const missing = await s.self(undefined)
    expect(missing.statusCode).toBe(401)
    expect(errorOf(missing).code).toBe('invalid-device-credentials')
    expect((await s.self('Bearer nothing')).statusCode).toBe(401)
    const wrong = await s.self(
      deviceAuthorization({ deviceId: enrolled.deviceId, deviceSecret: newDeviceSecret() }),
    )
    expect(wrong.statusCode).toBe(401)
    expect(errorOf(wrong)).toMatchObject({ code: 'unknown-device' })
    expect(wrong.body).not.toContain('Support Co.')

    expect((await s.api.revoke(s.admin.headers, enrolled.deviceId)).statusCode).toBe(204)
    const revoked = await s.self(deviceAuthorization(enrolled))
    expect(revoked.statusCode).toBe(401)
    expect(errorOf(revoked).code).toBe('revoked-device')
    expect(errorOf(revoked).message).toMatch(/revoked this computer/)
    expect(revoked.body).not.toContain('Reception PC')
  })
})

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
