/**
 * `fetchDeviceInfo` against the REAL built server over its pinned HTTPS: the enrolled device
 * reads its company, name and policy; a wrong pin sends nothing; a wrong secret and a revoked
 * device get the reasons `status` shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  hasBuiltServer,
  type RelayServer,
  startRelayServer,
} from '../session/test-support/relay-server.js'
import { adminCall, createEnrolmentToken } from '../service/test-support/admin-api.js'
import { fetchDeviceInfo } from './device-info.js'
import { enrolDevice } from './enrol.js'

describe.skipIf(!hasBuiltServer())('device info from the real server', { timeout: 60_000 }, () => {
  let server: RelayServer
  beforeAll(async () => {
    server = await startRelayServer()
  }, 60_000)
  afterAll(async () => {
    await server.stop()
  })

  it('reads the device’s own facts with its credential; refuses a wrong pin, secret and a revoked device', async () => {
    const enrolled = await enrolDevice(
      new URL(server.url),
      await createEnrolmentToken(server),
      'Reception PC',
      server.fingerprint,
    )
    if (!enrolled.ok) throw new Error(`enrolment failed: ${enrolled.failure}`)
    const credentials = {
      serverUrl: new URL(server.url),
      fingerprint: server.fingerprint,
      deviceId: enrolled.deviceId,
      deviceSecret: enrolled.deviceSecret,
    }
    const result = await fetchDeviceInfo(credentials)
    if (!result.ok) throw new Error(`no info: ${JSON.stringify(result.problem)}`)
    expect(result.info).toMatchObject({
      deviceName: 'Reception PC',
      tenantName: 'Example Support',
      group: null,
      policy: { mode: 'always-ask' },
      sessions: [],
    })

    expect(await fetchDeviceInfo({ ...credentials, fingerprint: '0'.repeat(64) })).toEqual({
      ok: false,
      problem: { kind: 'unreachable', detail: 'the server certificate does not match the pin' },
    })
    expect(
      await fetchDeviceInfo({ ...credentials, deviceSecret: `tsd_${'A'.repeat(43)}` }),
    ).toEqual({ ok: false, problem: { kind: 'unknown-device' } })

    const revoked = await adminCall(server, 'DELETE', `/api/v1/devices/${enrolled.deviceId}`)
    expect(revoked.status).toBe(204)
    expect(await fetchDeviceInfo(credentials)).toEqual({
      ok: false,
      problem: { kind: 'revoked' },
    })
  })
})
