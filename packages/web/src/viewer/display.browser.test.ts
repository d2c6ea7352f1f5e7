/**
 * The viewer in a real browser (Debian's Chromium): real PNG and JPEG screen updates through
 * the protocol's decoder onto the canvas, acks in order, a bad image that does not stop later
 * ones, and real mouse and keyboard events mapped to protocol messages.
 */
import { existsSync } from 'node:fs'

import { ScreenEncoding, encodeCopySource, encodeScreenUpdate } from '@tasuke/protocol'
import { type Browser, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { CHROMIUM_PATH, launchChromium } from '../shared/test-support/chromium'
import { encodePng } from './test-support/png'
import { type ServedPage, servePage } from './test-support/serve-page'

const TIMEOUT_MS = 60_000

type Rgba = readonly [number, number, number, number]
const RED: Rgba = [255, 0, 0, 255]
const BLUE: Rgba = [0, 0, 255, 255]
const BLACK: Rgba = [0, 0, 0, 255]

function payload(
  region: { x: number; y: number; width: number; height: number },
  encoding: ScreenEncoding,
  image: Uint8Array,
): number[] {
  return [...encodeScreenUpdate({ ...region, encoding, image })]
}

function solidPng(width: number, height: number, colour: Rgba): Uint8Array {
  return encodePng(width, height, () => colour)
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('viewer in Chromium', { timeout: TIMEOUT_MS }, () => {
  let browser: Browser
  let served: ServedPage
  let page: Page
  const pageErrors: Error[] = []

  beforeAll(async () => {
    served = await servePage()
    browser = await launchChromium()
  }, TIMEOUT_MS)

  afterAll(async () => {
    await browser.close()
    await served.close()
  }, TIMEOUT_MS)

  afterEach(() => {
    expect(pageErrors).toEqual([])
  })

  async function openPage(): Promise<Page> {
    const opened = await browser.newPage({ viewport: { width: 800, height: 600 } })
    opened.on('pageerror', (error) => pageErrors.push(error))
    await opened.goto(served.url)
    await opened.waitForFunction(() => 'viewerTest' in window)
    return opened
  }

  const pixel = (x: number, y: number) =>
    page.evaluate(([px, py]) => window.viewerTest.pixel(px, py), [x, y] as const)
  const apply = (update: number[], sequence: number) =>
    page.evaluate(
      ([bytes, seq]) => {
        window.viewerTest.apply(bytes, seq)
      },
      [update, sequence] as const,
    )
  const waitForAcks = (count: number) =>
    page.waitForFunction(
      (n) => window.viewerTest.acks.length + window.viewerTest.skipped.length >= n,
      count,
    )

  it('[lesson 1] paints PNG and JPEG updates where they belong and acks each, in order', async () => {
    page = await openPage()
    await page.evaluate(() => {
      window.viewerTest.resize(64, 48)
    })
    const jpeg = await page.evaluate(() =>
      window.viewerTest.makeImage('image/jpeg', 16, 16, 'rgb(0, 200, 0)'),
    )
    await apply(
      payload({ x: 0, y: 0, width: 32, height: 48 }, ScreenEncoding.Png, solidPng(32, 48, RED)),
      1,
    )
    await apply(
      payload({ x: 8, y: 8, width: 8, height: 8 }, ScreenEncoding.Png, solidPng(8, 8, BLUE)),
      2,
    )
    await apply(
      payload({ x: 40, y: 16, width: 16, height: 16 }, ScreenEncoding.Jpeg, new Uint8Array(jpeg)),
      3,
    )
    await waitForAcks(3)

    expect(await page.evaluate(() => window.viewerTest.acks)).toEqual([1, 2, 3])
    expect(await pixel(0, 0)).toEqual(RED)
    expect(await pixel(31, 47)).toEqual(RED)
    expect(await pixel(10, 10)).toEqual(BLUE)
    const [r = 0, g = 0, b = 0] = await pixel(48, 24)
    expect(Math.abs(r - 0) + Math.abs(g - 200) + Math.abs(b - 0)).toBeLessThan(24)
    // Nothing was sent for the rest of the screen: it stays as the canvas started.
    expect(await pixel(36, 40)).toEqual(BLACK)
  })

  it('draws only the declared region, even from a larger image', async () => {
    await apply(
      payload({ x: 0, y: 0, width: 4, height: 4 }, ScreenEncoding.Png, solidPng(40, 40, BLUE)),
      4,
    )
    await waitForAcks(4)
    expect(await pixel(3, 3)).toEqual(BLUE)
    expect(await pixel(4, 4)).toEqual(RED)
    expect(await pixel(36, 40)).toEqual(BLACK)
  })

  it('keeps the newest of many updates to one region, acked in order', async () => {
    const colours: Rgba[] = Array.from({ length: 12 }, (_, index) => [index * 20, 100, 50, 255])
    // A large first image decodes slowest; it must still not land after the later ones.
    const region = { x: 0, y: 0, width: 64, height: 48 }
    for (const [index, colour] of colours.entries()) {
      const image = index === 0 ? encodePng(64, 48, (x, y) => [x * 4, y * 5, 7, 255]) : undefined
      await apply(
        payload(region, ScreenEncoding.Png, image ?? solidPng(64, 48, colour)),
        10 + index,
      )
    }
    await waitForAcks(4 + colours.length)
    const acks = await page.evaluate(() => window.viewerTest.acks)
    expect(acks.slice(4)).toEqual(colours.map((_, index) => 10 + index))
    expect(await pixel(63, 47)).toEqual(colours.at(-1))
  })

  it('skips a malformed image or an unknown encoding and paints the updates after it', async () => {
    const garbage = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5])
    await apply(payload({ x: 0, y: 0, width: 8, height: 8 }, ScreenEncoding.Png, garbage), 30)
    await page.evaluate(() => {
      window.viewerTest.applyUnchecked(99, 31)
    })
    await apply(
      payload({ x: 0, y: 0, width: 8, height: 8 }, ScreenEncoding.Png, solidPng(8, 8, RED)),
      32,
    )
    await waitForAcks(4 + 12 + 3)
    expect(await page.evaluate(() => window.viewerTest.skipped)).toEqual([
      { reason: 'decode-failed', sequence: 30 },
      { reason: 'unknown-encoding', sequence: 31 },
    ])
    expect((await page.evaluate(() => window.viewerTest.acks)).at(-1)).toBe(32)
    expect(await pixel(2, 2)).toEqual(RED)
  })

  it('[F10] copies the picture onto itself in order, overlapping up and down, and skips a source off screen', async () => {
    page = await openPage()
    await page.evaluate(() => {
      window.viewerTest.resize(64, 48)
    })
    const rowColour = (y: number): Rgba => [y * 5, 100, 255 - y * 5, 255]
    const screen = { x: 0, y: 0, width: 64, height: 48 }
    await apply(
      payload(
        screen,
        ScreenEncoding.Png,
        encodePng(64, 48, (_, y) => rowColour(y)),
      ),
      1,
    )
    const copy = (region: typeof screen, x: number, y: number, sequence: number) =>
      apply(payload(region, ScreenEncoding.Copy, encodeCopySource({ x, y })), sequence)
    // Down by 6 (rows 10-39 get rows 4-33), then up by 3 over the same rows: both overlap.
    await copy({ x: 0, y: 10, width: 64, height: 30 }, 0, 4, 2)
    await copy({ x: 8, y: 7, width: 40, height: 30 }, 8, 10, 3)
    // A copy reads what the updates before it drew, and none of those after it.
    const strip = { x: 60, y: 0, width: 4, height: 48 }
    await apply(payload(strip, ScreenEncoding.Png, solidPng(4, 48, BLUE)), 4)
    await copy({ x: 0, y: 0, width: 8, height: 8 }, 56, 0, 5)
    await copy({ x: 0, y: 0, width: 8, height: 8 }, 60, 44, 6)
    await apply(payload(strip, ScreenEncoding.Png, solidPng(4, 48, RED)), 7)
    await waitForAcks(7)
    expect(await page.evaluate(() => window.viewerTest.acks)).toEqual([1, 2, 3, 4, 5, 7])
    expect(await page.evaluate(() => window.viewerTest.skipped)).toEqual([
      { reason: 'bad-copy', sequence: 6 },
    ])
    expect(await pixel(1, 2)).toEqual(rowColour(2))
    expect(await pixel(5, 2)).toEqual(BLUE)
    expect(await pixel(61, 2)).toEqual(RED)
    expect(await pixel(0, 9)).toEqual(rowColour(9))
    expect(await pixel(0, 10)).toEqual(rowColour(4))
    expect(await pixel(0, 39)).toEqual(rowColour(33))
    expect(await pixel(0, 40)).toEqual(rowColour(40))
    // Second copy: rows 7-36 (x 8-47) got what the first copy left at rows 10-39.
    expect(await pixel(8, 7)).toEqual(rowColour(4))
    expect(await pixel(47, 36)).toEqual(rowColour(33))
    expect(await pixel(48, 7)).toEqual(rowColour(7))
  })

  it('maps real mouse moves, clicks, drags and wheel to remote pixels under fit and 1:1', async () => {
    page = await openPage()
    // 800 × 400 in a 400 × 300 container: fit shows it at 400 × 200.
    await page.evaluate(() => {
      window.viewerTest.resize(800, 400)
    })
    await page.waitForFunction(() => document.querySelector('canvas')?.style.width === '400px')
    const box = await page.locator('canvas').boundingBox()
    if (box === null) throw new Error('canvas not laid out')
    expect([box.width, box.height]).toEqual([400, 200])

    const sent = () => page.evaluate(() => window.viewerTest.sent)
    const waitForSent = (count: number) =>
      page.waitForFunction((n) => window.viewerTest.sent.length >= n, count)

    await page.mouse.move(box.x + 100, box.y + 50)
    await waitForSent(1)
    expect((await sent()).at(-1)).toEqual({ type: 'pointer-event', x: 200, y: 100, buttons: 0 })

    await page.mouse.down()
    await page.mouse.move(box.x + 300, box.y + 150, { steps: 5 })
    await page.mouse.up()
    await page.mouse.wheel(0, 120)
    await page.waitForFunction(() =>
      window.viewerTest.sent.some(
        (message) => (message as { type: string }).type === 'wheel-event',
      ),
    )
    const messages = await sent()
    expect(messages).toContainEqual({ type: 'pointer-event', x: 200, y: 100, buttons: 1 })
    expect(messages).toContainEqual({ type: 'pointer-event', x: 600, y: 300, buttons: 0 })
    expect(messages.at(-1)).toEqual({
      type: 'wheel-event',
      x: 600,
      y: 300,
      deltaX: 0,
      deltaY: 120,
    })
    // Between press and release every move carries the held button.
    const press = messages.findIndex((m) => (m as { buttons?: number }).buttons === 1)
    const release = messages.findIndex(
      (m, i) => i > press && (m as { buttons?: number }).buttons === 0,
    )
    expect(
      messages.slice(press, release).every((m) => (m as { buttons: number }).buttons === 1),
    ).toBe(true)

    await page.evaluate(() => {
      window.viewerTest.setScaleMode('one-to-one')
    })
    const fullBox = await page.locator('canvas').boundingBox()
    expect([fullBox?.width, fullBox?.height]).toEqual([800, 400])
    const before = (await sent()).length
    await page.mouse.move((fullBox?.x ?? 0) + 10, (fullBox?.y ?? 0) + 20)
    await waitForSent(before + 1)
    expect((await sent()).at(-1)).toEqual({ type: 'pointer-event', x: 10, y: 20, buttons: 0 })
  })

  it('[lesson 8] sends code and key for real key presses and releases held keys on blur', async () => {
    page = await openPage()
    await page.focus('#keys')
    await page.keyboard.press('KeyA')
    await page.keyboard.down('Shift')
    await page.evaluate(() => {
      document.getElementById('keys')?.blur()
    })
    await page.waitForFunction(() => window.viewerTest.sent.length >= 4)
    expect(await page.evaluate(() => window.viewerTest.sent)).toEqual([
      { type: 'key-event', code: 'KeyA', key: 'a', isDown: true },
      { type: 'key-event', code: 'KeyA', key: 'a', isDown: false },
      { type: 'key-event', code: 'ShiftLeft', key: 'Shift', isDown: true },
      { type: 'key-event', code: 'ShiftLeft', key: 'Shift', isDown: false },
    ])
    await page.keyboard.up('Shift')
    expect(await page.evaluate(() => window.viewerTest.sent.length)).toBe(4)
  })
})
