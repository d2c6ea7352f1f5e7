/**
 * Clipboard sharing through a whole session (SPEC.md P9): the real relay (the built server),
 * a console written with the protocol, the agent's session code and the real X11 clipboard on
 * Xvfb, with xclip as the customer's other programs. Copy and paste go both ways while the
 * customer shares the clipboard, and neither way once they switch it off.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { setTimeout as sleep } from 'node:timers/promises'

import type { AgentToConsole } from '@tasuke/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { redeem } from '../server-api/redeem.js'
import { runAttendedSession } from '../session/attended-session.js'
import { openRelayLink } from '../session/relay-link.js'
import { openConsolePeer } from '../session/test-support/console-peer.js'
import { fakeUi, recordingInput, recordingStreams } from '../session/test-support/fakes.js'
import {
  hasBuiltServer,
  type RelayServer,
  startRelayServer,
} from '../session/test-support/relay-server.js'
import { waitFor } from '../test-support/wait-for.js'
import { type Xvfb, startXvfb } from '../test-support/xvfb.js'
import { X11Clipboard } from './x11/x11-clipboard.js'

const TIMEOUT_MS = 60_000
/** How long a copy or paste through xclip may take on a loaded machine. */
const CLIPBOARD_WAIT_MS = 30_000

describe.skipIf(!hasBuiltServer())(
  'clipboard sharing in a session against the real relay',
  { timeout: TIMEOUT_MS },
  () => {
    let server: RelayServer
    let xvfb: Xvfb
    const copiers: ChildProcess[] = []

    beforeAll(async () => {
      server = await startRelayServer()
      xvfb = await startXvfb('640x480')
    }, TIMEOUT_MS)

    afterAll(async () => {
      for (const child of copiers) if (child.exitCode === null) child.kill('SIGTERM')
      await xvfb.stop()
      await server.stop()
    })

    /** Another program on the customer's desktop copies `text`. */
    const copy = (text: string) => {
      const child = spawn('xclip', ['-selection', 'clipboard', '-i', '-quiet'], {
        env: xvfb.env,
        stdio: ['pipe', 'ignore', 'ignore'],
      })
      copiers.push(child)
      child.stdin.end(text)
    }
    /**
     * Copies `text` until the console got one more clipboard message than `count`: the agent
     * opens its clipboard in the background after 承諾 and after sharing is switched on.
     */
    const copyUntilSent = (text: string, count: () => number, before: number) =>
      waitFor(
        'the copied text at the console',
        async () => {
          if (count() > before) return true
          copy(text)
          await sleep(250)
          return count() > before ? true : undefined
        },
        CLIPBOARD_WAIT_MS,
      )
    /** What another program pastes (UTF8_STRING). */
    const paste = () =>
      new Promise<string>((resolve) => {
        const args = ['-selection', 'clipboard', '-o', '-t', 'UTF8_STRING']
        execFile('xclip', args, { env: xvfb.env, timeout: 10_000 }, (_error, stdout) => {
          resolve(stdout)
        })
      })

    it('[P9] shares copied text both ways while on, and none either way while off', async () => {
      const session = await server.createSession()
      const console = openConsolePeer(server, session.id)
      await waitFor('the console to wait', () =>
        console.control.find((m) => m.type === 'session-state') ? true : undefined,
      )
      const redeemed = await redeem(new URL(server.url), session.code, server.fingerprint)
      if (!redeemed.ok) throw new Error(`redeem: ${redeemed.failure}`)
      const ui = fakeUi()
      const logged: string[] = []
      const log = (line: string) => logged.push(line)
      const order: string[] = []
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
        createScreenStream: recordingStreams([]).factory,
        // The clipboard notes when a text is on it, the input when a key goes down.
        openClipboard: async () => {
          const clipboard = await X11Clipboard.open(log, xvfb.display)
          return {
            onText: (listener) => clipboard.onText(listener),
            setText: async (text) => {
              await clipboard.setText(text)
              order.push(`on the clipboard: ${text}`)
            },
            close: () => clipboard.close(),
          }
        },
        openInput: () =>
          Promise.resolve({
            ...recordingInput([]),
            keyDown: (key) => {
              order.push(`key down: ${key.code}`)
              return Promise.resolve()
            },
          }),
        log,
      })
      await waitFor('the consent question', () =>
        ui.last()?.type === 'ask-consent' ? true : undefined,
      )
      ui.act({ type: 'accept' })
      const clipboardMessages = () =>
        console.messages.filter(
          (m): m is Extract<AgentToConsole, { type: 'clipboard-text' | 'clipboard-sharing' }> =>
            m.type === 'clipboard-text' || m.type === 'clipboard-sharing',
        )
      await waitFor('clipboard-sharing', () => (clipboardMessages().length > 0 ? true : undefined))
      expect(clipboardMessages()).toEqual([{ type: 'clipboard-sharing', isOn: true }])

      // The customer copies: the console gets the text.
      await copyUntilSent('お客様のコピー\tcopied', () => clipboardMessages().length, 1)
      expect(clipboardMessages()[1]).toEqual({
        type: 'clipboard-text',
        text: 'お客様のコピー\tcopied',
      })

      // The operator sends text: the customer's programs paste it.
      await console.send({ type: 'clipboard-text', text: 'オペレーターから from the operator' })
      await waitFor(
        'the operator’s text on the clipboard',
        async () => ((await paste()) === 'オペレーターから from the operator' ? true : undefined),
        CLIPBOARD_WAIT_MS,
      )

      // Ctrl+V right behind the text: the keys wait until the text is on the clipboard.
      await console.send({ type: 'clipboard-text', text: 'then Ctrl+V' })
      await console.send({ type: 'key-event', code: 'KeyV', key: 'v', isDown: true })
      await console.send({ type: 'key-event', code: 'KeyV', key: 'v', isDown: false })
      await waitFor('the V press', () =>
        order.some((line) => line.startsWith('key down')) ? true : undefined,
      )
      expect(order.slice(-2)).toEqual(['on the clipboard: then Ctrl+V', 'key down: KeyV'])
      expect(await paste()).toBe('then Ctrl+V')

      // The customer switches sharing off: the console is told, and nothing passes.
      ui.act({ type: 'set-clipboard-shared', shared: false })
      await waitFor('clipboard-sharing off', () =>
        clipboardMessages().length > 2 ? true : undefined,
      )
      expect(clipboardMessages()[2]).toEqual({ type: 'clipboard-sharing', isOn: false })
      expect(ui.last()).toMatchObject({ type: 'connected', controls: { isClipboardShared: false } })
      // Copied again until another program pastes it: on a loaded machine xclip may take long.
      await waitFor(
        'the private copy on the clipboard',
        async () => {
          if ((await paste()) === 'private while off') return true
          copy('private while off')
          await sleep(250)
          return (await paste()) === 'private while off' ? true : undefined
        },
        CLIPBOARD_WAIT_MS,
      )
      await console.send({ type: 'clipboard-text', text: 'sent while off' })
      await waitFor('the drop', () =>
        logged.some((line) => line.includes('dropped (14 characters)')) ? true : undefined,
      )
      expect(await paste()).toBe('private while off')

      // On again: a new copy passes, and the one made while off never did.
      ui.act({ type: 'set-clipboard-shared', shared: true })
      await waitFor('clipboard-sharing on', () =>
        clipboardMessages().length > 3 ? true : undefined,
      )
      await copyUntilSent('after on again', () => clipboardMessages().length, 4)
      const afterOn = clipboardMessages().slice(3)
      expect(afterOn[0]).toEqual({ type: 'clipboard-sharing', isOn: true })
      expect(afterOn.slice(1)).toContainEqual({ type: 'clipboard-text', text: 'after on again' })
      expect(
        afterOn.slice(1).every((m) => m.type === 'clipboard-text' && m.text === 'after on again'),
      ).toBe(true)

      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
      console.close()
    })
  },
)
