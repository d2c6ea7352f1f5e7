/**
 * Certificate pinning on both of the agent's sockets, against the real built server: with
 * the wrong pin the socket is dropped before the token or the device secret could leave
 * (1015); with the right pin the same bogus credentials reach the server and are refused by
 * it (4001), which shows the pin and not something else closed the first socket.
 */
import { CloseCode } from '@tasuke/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { openDeviceLink } from '../service/device-link.js'
import { openRelayLink } from '../session/relay-link.js'
import {
  hasBuiltServer,
  type RelayServer,
  startRelayServer,
} from '../session/test-support/relay-server.js'

const TIMEOUT_MS = 60_000
const WRONG_PIN = '0'.repeat(64)

interface Closed {
  readonly code: number
  readonly reason: string
}

describe.skipIf(!hasBuiltServer())('pinned sockets against the real server', () => {
  let server: RelayServer

  beforeAll(async () => {
    server = await startRelayServer()
  }, TIMEOUT_MS)

  afterAll(async () => {
    await server.stop()
  })

  const relayLinkClose = (fingerprint: string) =>
    new Promise<Closed>((resolve) => {
      openRelayLink(
        { serverUrl: new URL(server.url), agentToken: 'not-a-token', fingerprint },
        {
          onMessage: () => undefined,
          onFrame: () => undefined,
          onBadFrame: () => undefined,
          onClose: (code, reason) => {
            resolve({ code, reason })
          },
        },
      )
    })

  const deviceLinkClose = (fingerprint: string) =>
    new Promise<Closed>((resolve) => {
      openDeviceLink(
        {
          serverUrl: new URL(server.url),
          fingerprint,
          deviceId: 'no-such-device',
          deviceSecret: 'tsd_not-a-secret',
        },
        {
          onMessage: () => undefined,
          onClose: (code, reason) => {
            resolve({ code, reason })
          },
        },
      )
    })

  it('drops the agent socket of a server whose certificate is not the pinned one', async () => {
    expect(await relayLinkClose(WRONG_PIN)).toEqual({
      code: 1015,
      reason: 'the server certificate does not match the pin',
    })
    expect((await relayLinkClose(server.fingerprint)).code).toBe(CloseCode.Unauthorized)
  })

  it('drops the device socket of a server whose certificate is not the pinned one', async () => {
    expect(await deviceLinkClose(WRONG_PIN)).toEqual({
      code: 1015,
      reason: 'the server certificate does not match the pin',
    })
    expect((await deviceLinkClose(server.fingerprint)).code).toBe(CloseCode.Unauthorized)
  })
})
