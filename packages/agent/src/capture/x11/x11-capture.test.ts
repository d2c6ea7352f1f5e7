import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { type Child, run, startChild } from '../../test-support/processes.js'
import { waitFor } from '../../test-support/wait-for.js'
import { type Xvfb, startXvfb, startXvnc } from '../../test-support/xvfb.js'
import type { CaptureEvent, Frame, Rect } from '../capture.js'
import { tilesCovering } from '../tile-rects.js'
import { TILE_SIZE, TileDiffer } from '../tiles.js'
import { X11Capture } from './x11-capture.js'

const TIMEOUT_MS = 30_000

/** BGRX bytes of pixel (x, y) in desktop coordinates. */
function pixelAt(frame: Frame, x: number, y: number): string {
  const offset = (y - frame.y) * frame.stride + (x - frame.x) * 4
  return frame.data.subarray(offset, offset + 3).toString('hex')
}

function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/** Outer rectangle of a window (border included), from `xwininfo`. */
async function windowRect(xvfb: Xvfb, name: string): Promise<Rect | undefined> {
  const out = await run('xwininfo', ['-name', name], xvfb.env).catch(() => '')
  if (!out.includes('IsViewable')) return undefined
  const field = (label: string) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(out)?.[1])
  const border = field('Border width')
  return {
    x: field('Absolute upper-left X') - border,
    y: field('Absolute upper-left Y') - border,
    width: field('Width') + 2 * border,
    height: field('Height') + 2 * border,
  }
}

describe('X11Capture on Xvfb', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let capture: X11Capture
  const cleanups: (() => Promise<void>)[] = []
  const children: Child[] = []
  const events: CaptureEvent[] = []

  beforeAll(async () => {
    xvfb = await startXvfb('1280x800')
    cleanups.push(() => xvfb.stop())
    capture = await X11Capture.open({ display: xvfb.display })
    cleanups.push(() => capture.close())
    await capture.start((event) => events.push(event))
  }, TIMEOUT_MS)

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop()))
  })

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  it('reports the root geometry as one screen and uses DAMAGE and MIT-SHM', () => {
    expect(capture.geometry()).toEqual({
      width: 1280,
      height: 800,
      screens: [expect.objectContaining({ x: 0, y: 0, width: 1280, height: 800 })],
    })
    expect(capture.info).toEqual({ hasDamage: true, hasSharedMemory: true, hasRandr: true })
  })

  it('grabs a region with the known colour of the root window, on both read paths', async () => {
    await run('xsetroot', ['-solid', '#336699'], xvfb.env)
    const frame = await waitFor('the root colour', async () => {
      const grabbed = await capture.grab({ x: 100, y: 50, width: 30, height: 20 })
      return pixelAt(grabbed, 129, 69) === '996633' ? grabbed : undefined
    })
    expect(frame).toMatchObject({ x: 100, y: 50, width: 30, height: 20, stride: 120 })
    expect(frame.data).toEqual(
      Buffer.alloc(30 * 20 * 4)
        .fill(Buffer.from([0x99, 0x66, 0x33, 0]))
        .map((byte, i) => (i % 4 === 3 ? (frame.data[i] ?? 0) : byte)),
    )

    const core = await X11Capture.open({ display: xvfb.display, canUseSharedMemory: false })
    try {
      expect(core.info.hasSharedMemory).toBe(false)
      const whole = { x: 0, y: 0, width: 1280, height: 800 }
      const [viaCore, viaShm] = await Promise.all([core.grab(whole), capture.grab(whole)])
      expect(viaCore.data.length).toBe(1280 * 800 * 4)
      expect(viaCore.data.equals(viaShm.data)).toBe(true)
    } finally {
      await core.close()
    }
  })

  it('clips a grab to the desktop', async () => {
    const frame = await capture.grab({ x: 1270, y: 790, width: 50, height: 50 })
    expect(frame).toMatchObject({ x: 1270, y: 790, width: 10, height: 10, stride: 40 })
    expect(frame.data.length).toBe(400)
  })

  it('reports DAMAGE where an xterm draws, and the tile detector finds exactly its tiles', async () => {
    await run('xsetroot', ['-solid', '#336699'], xvfb.env)
    const differ = new TileDiffer(1280, 800)
    await waitFor('a calm root', async () => {
      const frame = await capture.grab({ x: 0, y: 0, width: 1280, height: 800 })
      return pixelAt(frame, 640, 400) === '996633' ? differ.update(frame) : undefined
    })
    events.length = 0
    children.push(
      startChild(
        'xterm',
        [
          '-title',
          'damage-probe',
          '-geometry',
          '20x4+200+130',
          '-e',
          'sh',
          '-c',
          'printf hello; sleep 30',
        ],
        xvfb.env,
      ),
    )
    const window = await waitFor('the xterm window', () => windowRect(xvfb, 'damage-probe'))
    await waitFor('damage over the xterm', () =>
      events.some((e) => e.type === 'damage' && e.rects.some((rect) => intersects(rect, window)))
        ? true
        : undefined,
    )
    // Damage tells where to look; the tiles there are then compared with the last frame.
    const expected = tilesCovering([window], 1280, 800, TILE_SIZE)
    const changed = await waitFor('the xterm drawn', async () => {
      const damaged = events.flatMap((e) => (e.type === 'damage' ? e.rects : []))
      events.length = 0
      const found: Rect[] = []
      for (const rect of tilesCovering(damaged, 1280, 800, TILE_SIZE)) {
        found.push(...differ.update(await capture.grab(rect)))
      }
      return found.length > 0 ? found : undefined
    })
    expect(tilesCovering(changed, 1280, 800, TILE_SIZE)).toEqual(expected)
  })

  it('returns the cursor image and reports a shape change', async () => {
    const cursor = await capture.cursorImage()
    expect(cursor.width).toBeGreaterThan(0)
    expect(cursor.height).toBeGreaterThan(0)
    expect(cursor.pixels.length).toBe(cursor.width * cursor.height * 4)
    expect(cursor.pixels.some((byte) => byte !== 0)).toBe(true)

    children.push(
      startChild('xterm', ['-title', 'cursor-probe', '-geometry', '20x4+600+300'], xvfb.env),
    )
    const window = await waitFor('the xterm window', () => windowRect(xvfb, 'cursor-probe'))
    events.length = 0
    const x = window.x + 40
    const y = window.y + 20
    await run('xdotool', ['mousemove', String(x), String(y)], xvfb.env)
    expect(await capture.cursorPosition()).toEqual({ x, y })
    await waitFor('a cursor shape event', () =>
      events.some((e) => e.type === 'cursor-shape' && e.serial !== cursor.serial)
        ? true
        : undefined,
    )
    const text = await capture.cursorImage()
    expect(text.serial).not.toBe(cursor.serial)
  })
})

describe('X11Capture when the display goes away', { timeout: TIMEOUT_MS }, () => {
  it('reports display-lost, rejects grabs and still closes', async () => {
    const xvfb = await startXvfb('640x480')
    const capture = await X11Capture.open({ display: xvfb.display })
    const events: CaptureEvent[] = []
    await capture.start((event) => events.push(event))
    await xvfb.stop()
    await waitFor('display-lost', () =>
      events.some((e) => e.type === 'display-lost') ? true : undefined,
    )
    await expect(capture.grab({ x: 0, y: 0, width: 10, height: 10 })).rejects.toThrow(/closed/)
    await capture.close()
  })
})

describe('X11Capture resolution changes', { timeout: TIMEOUT_MS }, () => {
  // Xvfb's RandR has one fixed mode; Xvnc's changes the screen size like a real desktop.
  it('reports a new geometry, and grabs the whole new screen, after xrandr changes the size', async () => {
    const server = await startXvnc('1280x800')
    const capture = await X11Capture.open({ display: server.display })
    try {
      const events: CaptureEvent[] = []
      await capture.start((event) => events.push(event))
      for (const [width, height] of [
        [1024, 768],
        [1600, 1200],
      ] as const) {
        await run('xrandr', ['-s', `${width}x${height}`], server.env)
        await waitFor(`a geometry event for ${width}x${height}`, () =>
          events.some((e) => e.type === 'geometry' && e.geometry.width === width)
            ? true
            : undefined,
        )
        expect(capture.geometry()).toMatchObject({ width, height })
        // A screen larger than at the start still fits the shared-memory grab.
        const frame = await capture.grab({ x: 0, y: 0, width, height })
        expect(frame).toMatchObject({ width, height })
      }
    } finally {
      await capture.close()
      await server.stop()
    }
  })
})

describe('X11Capture with several screens (Xinerama)', { timeout: TIMEOUT_MS }, () => {
  // Xvfb puts every Xinerama head at 0,0; the desktop is as large as the largest.
  it('reports each screen in desktop coordinates', async () => {
    const xvfb = await startXvfb('640x480', ['-screen', '1', '800x600x24', '+xinerama'])
    try {
      const capture = await X11Capture.open({ display: xvfb.display })
      try {
        expect(capture.geometry()).toEqual({
          width: 800,
          height: 600,
          screens: [
            { id: 'xinerama-0', x: 0, y: 0, width: 640, height: 480 },
            { id: 'xinerama-1', x: 0, y: 0, width: 800, height: 600 },
          ],
        })
      } finally {
        await capture.close()
      }
    } finally {
      await xvfb.stop()
    }
  })
})
