/**
 * The agent's session against the REAL relay (the built server as a process) and a console
 * written here with the protocol's console handshake: consent, the end-to-end handshake
 * (SPEC.md H-rules), sealed input (C-rules, P4), tampering, resume through a cut network
 * (docs/relay.md), the customer's pause and view-only (P6), and キャンセル. Input goes to a recording backend; the real X11 backend
 * is covered in `x11-session.relay.test.ts`.
 */
import { formatVerificationCode } from '@tasuke/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import { redeem } from '../server-api/redeem.js'
import {
  type AttendedSessionDeps,
  runAttendedSession,
  type SessionOutcome,
} from './attended-session.js'
import { openRelayLink } from './relay-link.js'
import { type ConnectProxy, startConnectProxy } from './test-support/connect-proxy.js'
import { type ConsolePeer, openConsolePeer } from './test-support/console-peer.js'
import { fakeUi, type FakeUi, recordingInput, recordingStreams } from './test-support/fakes.js'
import { hasBuiltServer, type RelayServer, startRelayServer } from './test-support/relay-server.js'

const TIMEOUT_MS = 60_000
const ALL_ALLOWED = { type: 'customer-controls', isPaused: false, isViewOnly: false }
const CLIPBOARD_SHARED = { type: 'clipboard-sharing', isOn: true }
/** A one-time session's agent does not come back after a reboot (SPEC.md D5). */
const NO_RESTART = { type: 'restart-support', isAvailable: false }

interface Running {
  readonly ui: FakeUi
  readonly console: ConsolePeer
  readonly outcome: Promise<SessionOutcome>
  readonly inputCalls: string[]
  readonly events: string[]
  readonly streams: ReturnType<typeof recordingStreams>['streams']
}

describe.skipIf(!hasBuiltServer())(
  'attended session against the real relay',
  { timeout: TIMEOUT_MS },
  () => {
    let server: RelayServer
    let proxy: ConnectProxy

    beforeAll(async () => {
      server = await startRelayServer()
      proxy = await startConnectProxy()
    }, TIMEOUT_MS)

    afterAll(async () => {
      delete process.env['HTTPS_PROXY']
      await proxy.close()
      await server.stop()
    })

    /** Redeems a new number, starts the session, accepts in the window, waits for the handshake. */
    const begin = async (
      extra: Pick<AttendedSessionDeps, 'restartComputer'> = {},
    ): Promise<Running> => {
      const session = await server.createSession()
      const console = openConsolePeer(server, session.id)
      await waitFor('the console to wait', () =>
        console.control.find((m) => m.type === 'session-state') ? true : undefined,
      )
      const redeemed = await redeem(new URL(server.url), session.code, server.fingerprint)
      if (!redeemed.ok) throw new Error(`redeem: ${redeemed.failure}`)
      const ui = fakeUi()
      const events: string[] = []
      const inputCalls: string[] = []
      const { factory, streams } = recordingStreams(events)
      const outcome = runAttendedSession({
        ui,
        openLink: (linkEvents) => {
          const link = openRelayLink(
            {
              serverUrl: new URL(server.url),
              agentToken: redeemed.redemption.agentToken,
              fingerprint: server.fingerprint,
            },
            linkEvents,
          )
          return {
            ...link,
            send: (message) => {
              events.push(`server ${message.type}`)
              link.send(message)
            },
          }
        },
        createScreenStream: factory,
        openInput: () => Promise.resolve(recordingInput(inputCalls)),
        resumePolicy: { graceMs: 30_000, delaysMs: [200, 500, 1_000] },
        ...extra,
      })
      await waitFor('the consent question', () =>
        ui.last()?.type === 'ask-consent' ? true : undefined,
      )
      ui.act({ type: 'accept' })
      await waitFor('the handshake', () => (console.handshakes.length === 1 ? true : undefined))
      return { ui, console, outcome, inputCalls, events, streams }
    }

    const shownCode = (ui: FakeUi) => {
      const view = ui.last()
      return view?.type === 'connected' ? view.verificationCode : undefined
    }

    it('[D5] an agent that can restart says so; the operator’s restart is refused while view-only, then runs', async () => {
      let restarts = 0
      const { ui, console, events, outcome } = await begin({
        restartComputer: () => {
          restarts += 1
          return Promise.resolve()
        },
      })
      await waitFor('restart-support', () =>
        console.messages.find((m) => m.type === 'restart-support'),
      )
      expect(console.messages.find((m) => m.type === 'restart-support')).toEqual({
        type: 'restart-support',
        isAvailable: true,
      })
      ui.act({ type: 'set-view-only', viewOnly: true })
      await waitFor('view-only told', () =>
        console.messages.some((m) => m.type === 'customer-controls' && m.isViewOnly)
          ? true
          : undefined,
      )
      await console.send({ type: 'restart-computer' })
      await console.send({ type: 'ping', id: 7 })
      await waitFor('the pong', () =>
        console.messages.some((m) => m.type === 'pong' && m.id === 7) ? true : undefined,
      )
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      expect(restarts).toBe(0)
      expect(events).not.toContain('server restarting')
      ui.act({ type: 'set-view-only', viewOnly: false })
      await console.send({ type: 'restart-computer' })
      await waitFor('the restart', () => (restarts === 1 ? true : undefined))
      expect(events).toContain('server restarting')
      expect(ui.last()).toMatchObject({ type: 'connected', activity: 'restarting' })
      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
    })

    it('[H6] completes the handshake: both sides show the same verification code, then screen and input flow sealed', async () => {
      const { ui, console, inputCalls, streams, outcome } = await begin()
      const keys = console.handshakes[0]
      const code = await waitFor('the code in the window', () => shownCode(ui) ?? undefined)
      expect(code).toBe(formatVerificationCode(keys?.verificationCode ?? ''))
      await waitFor('screen-info', () => (console.messages.length > 3 ? true : undefined))
      // [P6][P9] What the customer allows comes first, before anything of the screen.
      expect(console.messages[0]).toEqual(ALL_ALLOWED)
      expect(console.messages[1]).toEqual(CLIPBOARD_SHARED)
      expect(console.messages[2]).toEqual(NO_RESTART)
      expect(console.messages[3]).toEqual({ type: 'screen-info', width: 640, height: 480 })
      await waitFor('a screen update', () => (console.updates.length > 0 ? true : undefined))
      expect(ui.last()).toMatchObject({ type: 'connected', activity: 'viewing' })

      await console.send({ type: 'pointer-event', x: 5_000, y: 20, buttons: 1 }, true)
      await console.send({ type: 'pointer-event', x: 30, y: 40, buttons: 0 }, true)
      await console.send({ type: 'wheel-event', x: 30, y: 40, deltaX: 0, deltaY: 100 })
      await console.send({ type: 'key-event', code: 'KeyA', key: 'a', isDown: true })
      await console.send({ type: 'key-event', code: 'KeyA', key: 'a', isDown: false })
      await console.send({ type: 'ctrl-alt-delete' })
      await console.send({ type: 'ack', sequence: console.updates[0] ?? -1 })
      await console.send({ type: 'set-quality', quality: 'sharp' })
      await console.send({ type: 'refresh' })
      await console.send({ type: 'ping', id: 42 })
      await waitFor('the pong', () =>
        console.messages.some((m) => m.type === 'pong' && m.id === 42) ? true : undefined,
      )
      await waitFor('all input', () => (inputCalls.length >= 10 ? true : undefined))
      expect(inputCalls).toEqual([
        'release-all', // a new pairing starts with nothing held
        'move 639,20',
        'down left',
        'move 30,40',
        'up left',
        'move 30,40',
        'wheel 0,1',
        'keydown KeyA a',
        'keyup KeyA a',
        'ctrl-alt-delete',
      ])
      expect(ui.last()).toMatchObject({ type: 'connected', activity: 'controlling' })
      expect(console.failures).toEqual([])
      // Customer-controls, clipboard-sharing, restart-support and screen-info took reliable
      // sequences 0 to 3; the update's sequence is what the stream learnt.
      expect(console.updates[0]).toBe(4)
      expect(streams[0]).toMatchObject({ acks: [4], qualities: ['sharp'], refreshes: 1 })
      expect(console.failures).toEqual([])

      await console.send({ type: 'end', reason: 'operator-ended' })
      expect(await outcome).toBe('ended-by-operator')
      expect(ui.last()).toEqual({ type: 'ended', reason: 'operator' })
      expect(streams[0]?.isStopped).toBe(true)
      expect(inputCalls.slice(-2)).toEqual(['release-all', 'close'])
    })

    it('[C3] ends the session for both sides when a frame from the console was tampered with', async () => {
      const { ui, console, outcome, streams } = await begin()
      await waitFor('screen-info', () => (console.messages.length > 0 ? true : undefined))
      await console.sendTampered({ type: 'refresh' }, (frame) => {
        const last = frame.length - 1
        frame[last] = (frame[last] ?? 0) ^ 0xff
      })
      expect(await outcome).toBe('failed')
      expect(ui.last()).toEqual({ type: 'ended', reason: 'error' })
      expect(streams[0]?.isStopped).toBe(true)
      await waitFor('session-ended at the console', () =>
        console.control.find((m) => m.type === 'session-ended'),
      )
      expect(console.control.find((m) => m.type === 'session-ended')).toEqual({
        type: 'session-ended',
        reason: 'error',
      })
      // The console also heard it end to end, sealed.
      await waitFor('the sealed end', () =>
        console.messages.find((m) => m.type === 'end' && m.reason === 'error'),
      )
      expect(await console.closed).toBe(4004)
    })

    it('[C4] ends the session when the relay replays a frame', async () => {
      const { console, outcome } = await begin()
      await waitFor('screen-info', () => (console.messages.length > 0 ? true : undefined))
      let copy = new Uint8Array()
      await console.sendTampered({ type: 'refresh' }, (frame) => {
        copy = frame.slice()
      })
      console.sendRaw(copy)
      expect(await outcome).toBe('failed')
    })

    /** A ping answered means every message sent before it was opened and dispatched. */
    const roundTrip = async (console: ConsolePeer, id: number) => {
      await console.send({ type: 'ping', id })
      await waitFor(`pong ${id}`, () =>
        console.messages.some((m) => m.type === 'pong' && m.id === id) ? true : undefined,
      )
    }
    const controlsAt = (console: ConsolePeer) =>
      console.messages.filter((m) => m.type === 'customer-controls')

    it('[P6] pausing stops the screen at once and tells the console; resuming sends the whole screen again', async () => {
      const { ui, console, inputCalls, streams, outcome } = await begin()
      await waitFor('an update', () => (console.updates.length > 0 ? true : undefined))
      ui.act({ type: 'set-paused', paused: true })
      // Stopped at once, before the message even leaves: the old sink sends nothing more.
      expect(streams[0]?.isStopped).toBe(true)
      const late = {
        x: 0,
        y: 0,
        width: 1,
        height: 1,
        encoding: 1,
        image: new Uint8Array(3),
      } as const
      expect(streams[0]?.sink.sendUpdate(late, false)).toBe(0)
      await waitFor('the pause at the console', () =>
        controlsAt(console).find((m) => m.isPaused && !m.isViewOnly),
      )
      expect(ui.last()).toMatchObject({ type: 'connected', controls: { isPaused: true } })
      const updatesWhenPaused = console.updates.length
      const messagesWhenPaused = console.messages.length
      await console.send({ type: 'refresh' })
      await console.send({ type: 'key-event', code: 'KeyA', key: 'a', isDown: true })
      await console.send({ type: 'pointer-event', x: 10, y: 10, buttons: 1 }, true)
      await roundTrip(console, 7)
      expect(console.updates).toHaveLength(updatesWhenPaused)
      expect(console.messages.slice(messagesWhenPaused).map((m) => m.type)).toEqual(['pong'])
      expect(inputCalls).toEqual(['release-all', 'release-all'])

      ui.act({ type: 'set-paused', paused: false })
      await waitFor('the resume at the console', () => controlsAt(console).find((m) => !m.isPaused))
      await waitFor('a whole new picture', () =>
        console.updates.length > updatesWhenPaused ? true : undefined,
      )
      expect(streams).toHaveLength(2)
      expect(console.messages.slice(messagesWhenPaused).map((m) => m.type)).toEqual([
        'pong',
        'customer-controls',
        'screen-info',
      ])
      await console.send({ type: 'key-event', code: 'KeyB', key: 'b', isDown: true })
      await waitFor('input again', () => (inputCalls.includes('keydown KeyB b') ? true : undefined))
      expect(console.failures).toEqual([])
      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
    })

    it('[P6] view-only drops the operator input, releases what is held, and is told to the console', async () => {
      const { ui, console, inputCalls, streams, outcome } = await begin()
      await waitFor('an update', () => (console.updates.length > 0 ? true : undefined))
      await console.send({ type: 'pointer-event', x: 10, y: 10, buttons: 1 }, true)
      await waitFor('the press', () => (inputCalls.includes('down left') ? true : undefined))

      ui.act({ type: 'set-view-only', viewOnly: true })
      await waitFor('view-only at the console', () =>
        controlsAt(console).find((m) => m.isViewOnly && !m.isPaused),
      )
      await console.send({ type: 'pointer-event', x: 20, y: 20, buttons: 0 }, true)
      await console.send({ type: 'wheel-event', x: 20, y: 20, deltaX: 0, deltaY: 100 })
      await console.send({ type: 'key-event', code: 'KeyA', key: 'a', isDown: true })
      await console.send({ type: 'ctrl-alt-delete' })
      await console.send({ type: 'refresh' })
      await roundTrip(console, 8)
      expect(inputCalls).toEqual(['release-all', 'move 10,10', 'down left', 'release-all'])
      // The picture still flows: only input is refused.
      expect(streams[0]).toMatchObject({ isStopped: false, refreshes: 1 })

      ui.act({ type: 'set-view-only', viewOnly: false })
      await waitFor(
        'control back',
        () => controlsAt(console).at(-1)?.isViewOnly === false || undefined,
      )
      await console.send({ type: 'key-event', code: 'KeyB', key: 'b', isDown: true })
      await waitFor('input again', () => (inputCalls.includes('keydown KeyB b') ? true : undefined))
      expect(console.failures).toEqual([])
      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
    })

    it('キャンセル stops the stream before anything is sent, and tells the console sealed and through the server', async () => {
      const { ui, console, outcome, events } = await begin()
      await waitFor('screen-info', () => (console.messages.length > 0 ? true : undefined))
      ui.act({ type: 'end' })
      expect(events.indexOf('stream-stopped')).toBeGreaterThanOrEqual(0)
      expect(events.slice(-1)).toEqual(['stream-stopped'])
      expect(await outcome).toBe('ended-by-customer')
      expect(events.slice(-2)).toEqual(['stream-stopped', 'server end'])
      await waitFor('the sealed end', () =>
        console.messages.find((m) => m.type === 'end' && m.reason === 'customer-ended'),
      )
      await waitFor('session-ended', () => console.control.find((m) => m.type === 'session-ended'))
      expect(console.control.find((m) => m.type === 'session-ended')).toMatchObject({
        reason: 'customer-ended',
      })
    })

    it('resumes through HTTPS_PROXY after the network drops: a new handshake and a new stream, no new consent', async () => {
      process.env['HTTPS_PROXY'] = proxy.url
      try {
        const { ui, console, outcome, streams } = await begin()
        expect(proxy.requests.length).toBeGreaterThanOrEqual(2) // redeem and the relay link
        await waitFor('screen-info', () => (console.messages.length > 0 ? true : undefined))
        const firstCode = shownCode(ui)
        const asked = ui.views.filter((v) => v.type === 'ask-consent').length

        proxy.cutAll()
        await waitFor('the reconnecting view', () =>
          ui.views.some((v) => v.type === 'connected' && v.activity === 'reconnecting')
            ? true
            : undefined,
        )
        expect(streams[0]?.isStopped).toBe(true)
        await waitFor(
          'a second handshake',
          () => (console.handshakes.length === 2 ? true : undefined),
          20_000,
        )
        const code = await waitFor('the new code', () => {
          const shown = shownCode(ui)
          return shown !== null && shown !== undefined && shown !== firstCode ? shown : undefined
        })
        expect(code).toBe(formatVerificationCode(console.handshakes[1]?.verificationCode ?? ''))
        expect(ui.views.filter((v) => v.type === 'ask-consent').length).toBe(asked)
        await waitFor('the new stream', () => (console.messages.length > 3 ? true : undefined))
        expect(streams).toHaveLength(2)
        expect(console.messages[0]).toEqual(ALL_ALLOWED)
        expect(console.messages[1]).toEqual(CLIPBOARD_SHARED)
        expect(console.messages[2]).toEqual(NO_RESTART)
        expect(console.messages[3]).toMatchObject({ type: 'screen-info' })

        ui.act({ type: 'end' })
        expect(await outcome).toBe('ended-by-customer')
      } finally {
        delete process.env['HTTPS_PROXY']
      }
    })
  },
)
