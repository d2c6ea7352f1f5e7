import { setTimeout as sleep } from 'node:timers/promises'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ScreenEncoding } from '@tasuke/protocol'

import type { Rect } from '../capture/capture.js'
import { tilesCovering } from '../capture/tile-rects.js'
import { TILE_SIZE } from '../capture/tiles.js'
import { X11Capture } from '../capture/x11/x11-capture.js'
import { type Child, run, startChild } from '../test-support/processes.js'
import { waitFor } from '../test-support/wait-for.js'
import { type Xvfb, startXvfb } from '../test-support/xvfb.js'
import { type X11Connection, closeX11, connectX11, syncX11 } from '../x11/connection.js'
import { createScreenStream } from './create-screen-stream.js'
import type { ScreenStream } from './screen-stream.js'
import { ConsolePicture, RecordingSink, updateHasColour } from './test-support/recording-sink.js'

const TIMEOUT_MS = 60_000
const WIDTH = 640
const HEIGHT = 480
/** Long enough for a misbehaving stream to send something; no assertion depends on it. */
const QUIET_MS = 300

function isInside(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  )
}

describe('screen stream on Xvfb', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let capture: X11Capture
  let painter: X11Connection
  let gc = 0
  const streams: ScreenStream[] = []

  /** Fills `rect` on the root window with 0xRRGGBB and waits until the server drew it. */
  async function fill(rect: Rect, rgb: number): Promise<void> {
    painter.client.ChangeGC(gc, { foreground: rgb })
    painter.client.PolyFillRectangle(painter.root, gc, [rect.x, rect.y, rect.width, rect.height])
    await syncX11(painter)
  }

  /** A stream with a recording sink and the console picture it builds. */
  function open(maxInFlight: number) {
    const sink = new RecordingSink()
    const stream = createScreenStream({ capture, sink, maxInFlight, quality: 'sharp' })
    streams.push(stream)
    const picture = new ConsolePicture(WIDTH, HEIGHT)
    let painted = 0
    const paint = () => {
      for (const { update } of sink.updates.slice(painted)) picture.apply(update)
      painted = sink.updates.length
    }
    /** Acks and paints as a console would, until the picture equals the real screen. */
    const untilInSync = (what: string) =>
      waitFor(what, async () => {
        sink.ackAll(stream)
        paint()
        const screen = await capture.grab({ x: 0, y: 0, width: WIDTH, height: HEIGHT })
        return picture.equals(screen) ? true : undefined
      })
    /** Acks and paints as a console would, for `ms`. */
    const keepUp = async (ms: number) => {
      for (const end = performance.now() + ms; performance.now() < end;) {
        sink.ackAll(stream)
        paint()
        await sleep(10)
      }
    }
    return { sink, stream, untilInSync, keepUp }
  }

  const copiesAfter = (sink: RecordingSink, from: number) =>
    sink.updates.slice(from).filter(({ update }) => update.encoding === ScreenEncoding.Copy)

  beforeAll(async () => {
    xvfb = await startXvfb(`${WIDTH}x${HEIGHT}`)
    capture = await X11Capture.open({ display: xvfb.display })
    painter = await connectX11(xvfb.display)
    gc = painter.client.AllocID()
    painter.client.CreateGC(gc, painter.root, { foreground: 0x336699 })
    // A pattern, so a picture with misplaced rows could not pass for the screen.
    for (let y = 0; y < HEIGHT; y += 16) {
      await fill({ x: 0, y, width: WIDTH, height: 16 }, 0x101010 * ((y / 16) % 15) + 0x0a0b0c)
    }
  }, TIMEOUT_MS)

  afterAll(async () => {
    for (const stream of streams) await stream.stop()
    await capture.close()
    await closeX11(painter)
    await xvfb.stop()
  })

  it('[P3][F9] sends the whole screen, then only changed tiles; [P2] newest state only', async () => {
    const { sink, stream, untilInSync } = open(2)
    await stream.start()
    expect(sink.messages[0]).toEqual({ type: 'screen-info', width: WIDTH, height: HEIGHT })
    expect(sink.messages.map((m) => m.type)).toContain('cursor-shape')
    await untilInSync('the whole screen')

    // Something drawn: only the tiles under it arrive.
    const drawn = { x: 100, y: 100, width: 50, height: 30 }
    const before = sink.updates.length
    await fill(drawn, 0xff8800)
    await untilInSync('the drawn rectangle')
    const covering = tilesCovering([drawn], WIDTH, HEIGHT, TILE_SIZE)
    const changed = sink.updates.slice(before)
    expect(changed.length).toBeGreaterThan(0)
    for (const { update } of changed) {
      expect(covering.some((tiles) => isInside(update, tiles))).toBe(true)
    }

    // Fill the window (two updates far apart), then draw three states without any ack.
    await fill({ x: 0, y: 0, width: 8, height: 8 }, 0x00ff00)
    await fill({ x: 600, y: 440, width: 8, height: 8 }, 0x00ff00)
    await waitFor('a full window', () => (sink.outstanding.size === 2 ? true : undefined))
    const atBound = sink.updates.length
    const region = { x: 300, y: 200, width: 40, height: 40 }
    await fill(region, 0xff0000)
    await fill(region, 0x00ff00)
    await fill(region, 0x0000ff)
    await sleep(QUIET_MS)
    expect(sink.updates.length).toBe(atBound)
    expect(stream.stats().updatesInFlight).toBe(2)
    await untilInSync('the newest state after the acks')
    const after = sink.updates.slice(atBound)
    expect(after.some(({ update }) => updateHasColour(update, [0x00, 0x00, 0xff]))).toBe(false)
    expect(after.some(({ update }) => updateHasColour(update, [0x00, 0xff, 0x00]))).toBe(false)
    expect(after.some(({ update }) => updateHasColour(update, [0xff, 0x00, 0x00]))).toBe(true)
    expect(sink.maxOutstanding).toBeLessThanOrEqual(2)

    // Acks the console does not owe change nothing.
    stream.acknowledge(123_456)
    stream.acknowledge(0)
    stream.acknowledge(-5)
    expect(stream.stats().updatesInFlight).toBe(0)

    // Stopped: whatever is drawn now, nothing more is sent.
    await stream.stop()
    const count = sink.sent.length
    await fill(region, 0x123456)
    await sleep(QUIET_MS)
    expect(sink.sent.length).toBe(count)
  })

  it('[F10] a scrolled region goes out as a copy and the picture stays right', async () => {
    const { sink, stream, untilInSync } = open(4)
    await stream.start()
    // Rows that all differ, so a picture with misplaced rows could not pass for the screen.
    const area = { x: 50, y: 100, width: 400, height: 240 }
    const drawRows = async (firstLine: number) => {
      for (let row = 0; row < area.height; row += 1) {
        painter.client.ChangeGC(gc, { foreground: 0x030507 * (firstLine + row) + 0x102030 })
        painter.client.PolyFillRectangle(painter.root, gc, [area.x, area.y + row, area.width, 1])
      }
      await syncX11(painter)
    }
    await drawRows(0)
    await untilInSync('the striped area')
    for (let round = 1; round <= 3; round += 1) {
      const before = sink.updates.length
      await drawRows(round * 30)
      await untilInSync(`scroll ${round}`)
      expect(copiesAfter(sink, before)).not.toHaveLength(0)
    }
    await stream.stop()
  })

  it('[F10] an xterm printing lines scrolls by copies and the picture matches the screen', async () => {
    const { sink, stream, untilInSync, keepUp } = open(8)
    await stream.start()
    await untilInSync('the screen before the xterm')
    const title = 'tasuke-scrolling'
    const script =
      'i=0; while [ $i -lt 200 ]; do echo "line $i lorem ipsum dolor $((i * 7919))"; i=$((i + 1)); sleep 0.01; done; sleep 60'
    const xterm: Child = startChild(
      'xterm',
      ['-title', title, '-geometry', '80x24+20+20', '-e', 'sh', '-c', script],
      xvfb.env,
    )
    try {
      await waitFor('the xterm window', async () => {
        const out = await run('xwininfo', ['-name', title], xvfb.env).catch(() => '')
        return out.includes('IsViewable') ? true : undefined
      })
      const before = sink.updates.length
      await keepUp(4_000)
      await untilInSync('the scrolled xterm')
      expect(copiesAfter(sink, before).length).toBeGreaterThan(5)
    } finally {
      await xterm.stop()
      await stream.stop()
    }
  })

  it('[P3] a new stream on the same capture (after a resume) sends everything and follows changes', async () => {
    const { sink, stream, untilInSync } = open(4)
    await stream.start()
    expect(sink.messages[0]).toEqual({ type: 'screen-info', width: WIDTH, height: HEIGHT })
    await untilInSync('the whole screen again')
    const before = sink.updates.length
    await fill({ x: 500, y: 20, width: 30, height: 30 }, 0xabcdef)
    await untilInSync('a change after the restart')
    expect(sink.updates.length).toBeGreaterThan(before)
    await stream.stop()
  })
})
