/**
 * The console learns whether the customer shows only chosen applications (SPEC.md P10): the
 * session against the real relay, the real window restriction on a private Xvfb with two
 * xterms, and the choice made through the consent window's action. Skipped where Xvfb or the
 * built server is missing.
 */
import { execFileSync } from 'node:child_process'

import type { AgentToConsole } from '@tasuke/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { redeem } from '../server-api/redeem.js'
import { type Child, startChild } from '../test-support/processes.js'
import { waitFor } from '../test-support/wait-for.js'
import { startXvfb, type Xvfb } from '../test-support/xvfb.js'
import { createWindowRestriction, type WindowRestriction } from '../windows/index.js'
import { X11WindowSource } from '../windows/x11/x11-window-source.js'
import { linkApplicationChoice } from './application-choice.js'
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

const restrictionsIn = (messages: readonly AgentToConsole[]) =>
  messages.filter((message) => message.type === 'window-restriction')

describe.skipIf(!hasBuiltServer() || !hasXvfb())(
  'the window restriction told to the console',
  { timeout: TIMEOUT_MS },
  () => {
    let server: RelayServer
    let xvfb: Xvfb
    let restriction: WindowRestriction
    const children: Child[] = []

    beforeAll(async () => {
      xvfb = await startXvfb('800x600')
      for (const title of ['first-app', 'second-app']) {
        children.push(startChild('xterm', ['-T', title], xvfb.env))
      }
      restriction = createWindowRestriction(
        () => X11WindowSource.open({ display: xvfb.display }),
        () => undefined,
      )
      server = await startRelayServer()
    }, TIMEOUT_MS)

    afterAll(async () => {
      await restriction.close()
      await server.stop()
      await Promise.all(children.map((child) => child.stop()))
      await xvfb.stop()
    })

    it('[P10] says off after the handshake, on once the customer chooses, off again', async () => {
      const session = await server.createSession()
      const console = openConsolePeer(server, session.id)
      const redeemed = await redeem(new URL(server.url), session.code, server.fingerprint)
      if (!redeemed.ok) throw new Error(redeemed.failure)
      const ui = fakeUi()
      const unlink = linkApplicationChoice(ui, restriction)
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
        windowRestriction: restriction,
      })
      await waitFor('the consent question', () =>
        ui.last()?.type === 'ask-consent' ? true : undefined,
      )
      const first = await waitFor('the xterm listed', () =>
        restriction.choice().applications.find((app) => app.title === 'first-app'),
      )
      ui.act({ type: 'accept' })
      await waitFor(
        'the first window-restriction',
        () => (restrictionsIn(console.messages).length > 0 ? true : undefined),
        20_000,
      )
      expect(restrictionsIn(console.messages)).toEqual([
        { type: 'window-restriction', isOn: false },
      ])

      ui.act({ type: 'set-shown-applications', mode: 'chosen', chosen: [first.id] })
      expect(restriction.isOn).toBe(true)
      await waitFor('on', () => (restrictionsIn(console.messages).length > 1 ? true : undefined))
      // A window opening changes the region, not the state: nothing more is said.
      children.push(startChild('xterm', ['-T', 'third-app'], xvfb.env))
      await waitFor('the third xterm', () =>
        restriction.choice().applications.some((app) => app.title === 'third-app')
          ? true
          : undefined,
      )
      ui.act({ type: 'set-shown-applications', mode: 'whole-screen', chosen: [first.id] })
      await waitFor('off', () => (restrictionsIn(console.messages).length > 2 ? true : undefined))
      expect(restrictionsIn(console.messages)).toEqual([
        { type: 'window-restriction', isOn: false },
        { type: 'window-restriction', isOn: true },
        { type: 'window-restriction', isOn: false },
      ])

      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
      unlink()
    })
  },
)
