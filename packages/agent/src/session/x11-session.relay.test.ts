/**
 * The operator's pointer reaches a real X display: the session against the real relay, the
 * X11 input backend from `openInput()` on a private Xvfb, and the pointer read back from the
 * X server. Skipped where Xvfb or the built server is missing.
 */
import { execFileSync } from 'node:child_process'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CaptureBackend } from '../capture/capture.js'
import { openCapture } from '../capture/index.js'
import { openInput } from '../input/index.js'
import { redeem } from '../server-api/redeem.js'
import { waitFor } from '../test-support/wait-for.js'
import { startXvfb, type Xvfb } from '../test-support/xvfb.js'
import { runAttendedSession } from './attended-session.js'
import { openRelayLink } from './relay-link.js'
import { openConsolePeer } from './test-support/console-peer.js'
import { fakeUi, recordingStreams } from './test-support/fakes.js'
import { hasBuiltServer, type RelayServer, startRelayServer } from './test-support/relay-server.js'

const TIMEOUT_MS = 60_000

function hasXvfb(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v Xvfb'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe.skipIf(!hasBuiltServer() || !hasXvfb())(
  'session input on a real X display',
  { timeout: TIMEOUT_MS },
  () => {
    let server: RelayServer
    let xvfb: Xvfb
    let capture: CaptureBackend

    beforeAll(async () => {
      xvfb = await startXvfb('800x600')
      process.env['DISPLAY'] = xvfb.display
      capture = await openCapture()
      server = await startRelayServer()
    }, TIMEOUT_MS)

    afterAll(async () => {
      await capture.close()
      await server.stop()
      await xvfb.stop()
    })

    it('moves the X pointer where the operator points, clamped to the screen', async () => {
      const session = await server.createSession()
      const console = openConsolePeer(server, session.id)
      const redeemed = await redeem(new URL(server.url), session.code, server.fingerprint)
      if (!redeemed.ok) throw new Error(redeemed.failure)
      const ui = fakeUi()
      const { factory } = recordingStreams([], { width: 800, height: 600 })
      const outcome = runAttendedSession({
        ui,
        openLink: (events) =>
          openRelayLink(
            {
              serverUrl: new URL(server.url),
              agentToken: redeemed.redemption.agentToken,
              fingerprint: server.fingerprint,
            },
            events,
          ),
        createScreenStream: factory,
        openInput: () => openInput(),
      })
      await waitFor('the consent question', () =>
        ui.last()?.type === 'ask-consent' ? true : undefined,
      )
      ui.act({ type: 'accept' })
      await waitFor('screen-info', () => (console.messages.length > 0 ? true : undefined), 20_000)

      await console.send({ type: 'pointer-event', x: 123, y: 456, buttons: 0 })
      await waitFor('the pointer at 123,456', async () => {
        const { x, y } = await capture.cursorPosition()
        return x === 123 && y === 456 ? true : undefined
      })
      await console.send({ type: 'pointer-event', x: 5_000, y: 5_000, buttons: 0 })
      await waitFor('the pointer in the corner', async () => {
        const { x, y } = await capture.cursorPosition()
        return x === 799 && y === 599 ? true : undefined
      })

      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
    })
  },
)
