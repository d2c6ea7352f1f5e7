/**
 * The session layer and the zlib decoder in a real browser (Debian's Chromium): the console's
 * end-to-end handshake against an agent side run here in Node with the protocol package, over
 * a real WebSocket to a small stand-in relay; screen updates painted and acked; a tampered
 * frame ending the session; resume with a new handshake.
 */
import { existsSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

import { type ConsoleToAgent, ScreenEncoding, encodeScreenUpdate } from '@tasuke/protocol'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CHROMIUM_PATH, launchChromium } from '../shared/test-support/chromium'
import { type FakeRelay, type RelayLink, startFakeRelay } from './test-support/fake-relay'
import { type ServedPage, servePage } from './test-support/serve-page'
import { type TestAgent, startTestAgent } from './test-support/test-agent'

const TIMEOUT_MS = 60_000
type Rgba = readonly [number, number, number, number]

/** zlib of B, G, R, X pixels (SPEC.md F9). */
function zlibImage(width: number, height: number, [r, g, b]: Rgba): Uint8Array {
  const pixels = Buffer.alloc(width * height * 4)
  for (let index = 0; index < pixels.length; index += 4) pixels.set([b, g, r, 0], index)
  return deflateSync(pixels)
}

function zlibUpdate(width: number, height: number, colour: Rgba, x = 0, y = 0) {
  return {
    x,
    y,
    width,
    height,
    encoding: ScreenEncoding.Zlib,
    image: zlibImage(width, height, colour),
  }
}

const RED: Rgba = [255, 0, 0, 255]
const BLUE: Rgba = [0, 0, 255, 255]
const OS = { platform: 'linux', release: '6.1', arch: 'x64' }

describe.skipIf(!existsSync(CHROMIUM_PATH))(
  'viewer session in Chromium',
  { timeout: TIMEOUT_MS },
  () => {
    let browser: Browser
    let displayPage: ServedPage
    let sessionPage: ServedPage
    let relay: FakeRelay
    const pageErrors: Error[] = []

    beforeAll(async () => {
      ;[displayPage, sessionPage, relay] = await Promise.all([
        servePage(),
        servePage('./session-page.ts'),
        startFakeRelay(),
      ])
      browser = await launchChromium()
    }, TIMEOUT_MS)

    afterAll(async () => {
      await browser.close()
      await Promise.all([displayPage.close(), sessionPage.close(), relay.close()])
      expect(pageErrors).toEqual([])
    }, TIMEOUT_MS)

    async function open(url: string, ready: string): Promise<Page> {
      const page = await browser.newPage({ viewport: { width: 800, height: 600 } })
      page.on('pageerror', (error) => pageErrors.push(error))
      await page.goto(url)
      await page.waitForFunction((name) => name in window, ready)
      return page
    }

    describe('[F9] zlib decoder', () => {
      let page: Page
      const apply = (bytes: Uint8Array, sequence: number) =>
        page.evaluate(
          ([payload, seq]) => {
            window.viewerTest.apply(payload, seq)
          },
          [[...bytes], sequence] as [number[], number],
        )
      const settled = (count: number) =>
        page.waitForFunction(
          (n) => window.viewerTest.acks.length + window.viewerTest.skipped.length >= n,
          count,
        )

      beforeAll(async () => {
        page = await open(displayPage.url, 'viewerTest')
        await page.evaluate(() => {
          window.viewerTest.resize(32, 32)
        })
      })

      it('inflates B, G, R, X rows into the region and acks it', async () => {
        await apply(encodeScreenUpdate(zlibUpdate(32, 32, RED)), 1)
        await apply(encodeScreenUpdate(zlibUpdate(8, 4, [10, 200, 30, 255], 4, 6)), 2)
        await settled(2)
        expect(await page.evaluate(() => window.viewerTest.acks)).toEqual([1, 2])
        expect(await page.evaluate(() => window.viewerTest.pixel(0, 0))).toEqual(RED)
        expect(await page.evaluate(() => window.viewerTest.pixel(11, 9))).toEqual([
          10, 200, 30, 255,
        ])
        expect(await page.evaluate(() => window.viewerTest.pixel(12, 10))).toEqual(RED)
      })

      it('skips an image of the wrong size, a zip bomb and garbage, then paints the next', async () => {
        const short = { ...zlibUpdate(8, 8, BLUE), image: zlibImage(8, 7, BLUE) }
        // 64 MiB of zeros in about 64 KiB, declared as 8 × 8: reading stops past 256 bytes.
        const bomb = {
          ...zlibUpdate(8, 8, BLUE),
          image: deflateSync(Buffer.alloc(64 * 1024 * 1024)),
        }
        const garbage = { ...zlibUpdate(8, 8, BLUE), image: new Uint8Array([0x78, 0x9c, 1, 2, 3]) }
        await apply(encodeScreenUpdate(short), 3)
        await apply(encodeScreenUpdate(bomb), 4)
        await apply(encodeScreenUpdate(garbage), 5)
        await apply(encodeScreenUpdate(zlibUpdate(8, 8, BLUE)), 6)
        await settled(6)
        expect(await page.evaluate(() => window.viewerTest.skipped)).toEqual([
          { reason: 'bad-image', sequence: 3 },
          { reason: 'bad-image', sequence: 4 },
          { reason: 'decode-failed', sequence: 5 },
        ])
        expect((await page.evaluate(() => window.viewerTest.acks)).at(-1)).toBe(6)
        expect(await page.evaluate(() => window.viewerTest.pixel(7, 7))).toEqual(BLUE)
      })
    })

    describe('console session', () => {
      let page: Page
      let link: RelayLink
      let agent: TestAgent

      const phase = () => page.evaluate(() => window.sessionTest.phase())
      const waitForPhase = (name: string) =>
        page.waitForFunction((n) => window.sessionTest.phase() === n, name)
      const painted = (count: number) =>
        page.waitForFunction((n) => window.sessionTest.painted.length >= n, count)
      /** The next sealed message of a type; every frame is opened in order (one counter). */
      const nextMessage = async (type: ConsoleToAgent['type']) => {
        let found: ConsoleToAgent | undefined
        await link.nextFrame(async (frame) => {
          const message = await agent.open(frame)
          if (message.type !== type) return false
          found = message
          return true
        })
        return found
      }
      const handshake = async () => {
        agent = await startTestAgent()
        link.sendFrame(agent.commitFrame)
        link.sendFrame(await agent.answer(await link.nextFrame()))
        await waitForPhase('active')
      }

      beforeAll(async () => {
        page = await open(`${sessionPage.url}?ws=${encodeURIComponent(relay.url)}`, 'sessionTest')
        link = await relay.nextConsole()
      })

      it('[H6] waits for the customer, then shows the same verification code as the agent', async () => {
        link.sendJson({ type: 'session-state', state: 'waiting' })
        await waitForPhase('waiting')
        link.sendJson({ type: 'peer-joined', os: OS })
        await waitForPhase('securing')
        await handshake()
        const code = await page.evaluate(() => window.sessionTest.verificationCode())
        expect(code).toBe(agent.verificationCode())
        const expected = agent.verificationCode()
        const state = await page.evaluate(() => window.sessionTest.states.at(-1))
        expect(state).toEqual({
          phase: 'active',
          verificationCode: `${expected.slice(0, 3)} ${expected.slice(3)}`,
        })
      })

      it('[P2] paints a screen update, reports it, and acks it with its frame sequence', async () => {
        link.sendFrame(await agent.sealMessage({ type: 'screen-info', width: 64, height: 48 }))
        const frame = await agent.sealUpdate(zlibUpdate(64, 48, RED))
        link.sendFrame(frame)
        await painted(1)
        expect(await page.evaluate(() => window.sessionTest.painted[0])).toMatchObject({
          sequence: 1,
          x: 0,
          y: 0,
          width: 64,
          height: 48,
          bytes: frame.byteLength,
        })
        expect(await page.evaluate(() => window.sessionTest.pixel(63, 47))).toEqual(RED)
        expect(await nextMessage('ack')).toEqual({ type: 'ack', sequence: 1 })
      })

      it('ignores control messages it does not understand', async () => {
        link.sendText('not json')
        link.sendJson({ type: 'no-such-message' })
        link.sendJson({ type: 'session-state', state: 'waiting', extra: 1 })
        link.sendFrame(await agent.sealUpdate(zlibUpdate(8, 8, BLUE)))
        await painted(2)
        expect(await nextMessage('ack')).toEqual({ type: 'ack', sequence: 2 })
        expect(await phase()).toBe('active')
      })

      it('[P4] answers nothing to pongs it never asked for and measures the ones it did', async () => {
        const ping = await nextMessage('ping')
        expect(ping).toMatchObject({ type: 'ping' })
        if (ping?.type === 'ping') {
          link.sendFrame(await agent.sealMessage({ type: 'pong', id: ping.id }))
        }
        link.sendFrame(await agent.sealMessage({ type: 'pong', id: 9999 }))
        expect(await phase()).toBe('active')
      })

      it('runs a new handshake after the agent resumes, keeping the picture until the new one', async () => {
        await page.evaluate(() => {
          window.sessionTest.selectScreen('xinerama-1')
        })
        expect(await nextMessage('select-screen')).toEqual({
          type: 'select-screen',
          screen: 'xinerama-1',
        })
        link.sendJson({ type: 'peer-left', reason: 'disconnected' })
        await waitForPhase('peer-away')
        const firstCode = agent.verificationCode()
        link.sendJson({ type: 'peer-joined', os: OS })
        await handshake()
        expect(await page.evaluate(() => window.sessionTest.verificationCode())).toBe(
          agent.verificationCode(),
        )
        expect(agent.verificationCode()).not.toBe(firstCode)
        // [P8] The resumed agent starts from the whole desktop: the operator's choice is told again.
        expect(await nextMessage('select-screen')).toEqual({
          type: 'select-screen',
          screen: 'xinerama-1',
        })
        link.sendFrame(await agent.sealMessage({ type: 'screen-info', width: 64, height: 48 }))
        expect(await page.evaluate(() => window.sessionTest.pixel(63, 47))).toEqual(RED)
        link.sendFrame(await agent.sealUpdate(zlibUpdate(64, 48, BLUE)))
        await painted(3)
        expect(await nextMessage('ack')).toEqual({ type: 'ack', sequence: 1 })
        expect(await page.evaluate(() => window.sessionTest.pixel(63, 47))).toEqual(BLUE)
      })

      it('[C3] ends the session with a visible reason when a frame fails to open', async () => {
        const frame = await agent.sealMessage({ type: 'pong', id: 1 })
        frame[20] = (frame[20] ?? 0) ^ 0xff
        link.sendFrame(frame)
        await waitForPhase('ended')
        const state = await page.evaluate(() => window.sessionTest.states.at(-1))
        expect(state).toMatchObject({ phase: 'ended', endedBy: 'error', reason: 'error' })
        expect(state?.phase === 'ended' ? state.detail : '').toContain('authentication-failed')
        await expect.poll(() => link.texts).toContainEqual({ type: 'end', reason: 'error' })
        // Nothing more is painted from this channel, even a valid frame.
        link.sendFrame(await agent.sealUpdate(zlibUpdate(8, 8, RED)))
        await new Promise((resolve) => setTimeout(resolve, 200))
        expect(await page.evaluate(() => window.sessionTest.painted.length)).toBe(3)
      })
    })
  },
)
