import { ScreenEncoding } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import type { Rect } from '../capture/capture.js'
import { createScreenStream } from './create-screen-stream.js'
import { FakeDesktop } from './test-support/fake-desktop.js'
import { ManualClock } from './test-support/manual-clock.js'
import { ConsolePicture, RecordingSink, updateHasColour } from './test-support/recording-sink.js'
import { REFINE_AFTER_MS } from './tile-history.js'

const RED = [0, 0, 255] as const
const GREEN = [0, 255, 0] as const
const BLUE = [255, 0, 0] as const

/** Lets promise chains and `setImmediate` work run; the fake backend never really waits. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function setup(
  options: {
    width?: number
    height?: number
    maxInFlight?: number
    quality?: 'auto' | 'sharp' | 'fast'
  } = {},
) {
  const desktop = new FakeDesktop(options.width ?? 256, options.height ?? 192)
  const sink = new RecordingSink()
  const clock = new ManualClock()
  const errors: Error[] = []
  const stream = createScreenStream({
    capture: desktop,
    sink,
    clock,
    ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
    ...(options.quality === undefined ? {} : { quality: options.quality }),
    onError: (error) => errors.push(error),
  })
  let picture = new ConsolePicture(desktop.width, desktop.height)
  let painted = 0
  /** Paints every update not painted yet, as the console would. */
  const paint = () => {
    for (const { update } of sink.updates.slice(painted)) picture.apply(update)
    painted = sink.updates.length
    return picture
  }
  const resizePicture = () => {
    paint()
    picture = new ConsolePicture(desktop.width, desktop.height)
  }
  /** Time for one more batch (past the pacing interval), then all work done. */
  const step = async (ms = 70) => {
    clock.advance(ms)
    await settle()
  }
  return { desktop, sink, clock, errors, stream, paint, resizePicture, step }
}

function noise(x: number, y: number, seed: number): readonly [number, number, number] {
  const value = Math.imul(x * 73_856_093 + y * 19_349_663 + seed * 83_492_791, 2_654_435_761)
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff]
}

function isInside(inner: Rect, outer: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  )
}

describe('createScreenStream', () => {
  it('[P3] sends screen-info, the cursor, then the whole screen, lossless', async () => {
    const { desktop, sink, stream, paint } = setup()
    desktop.paint({ x: 0, y: 0, width: 256, height: 192 }, (x, y) => [x & 0xff, y & 0xff, 7])
    await stream.start()
    await settle()
    const kinds = sink.sent.map((item) => (item.kind === 'message' ? item.message.type : 'update'))
    const first = ['screen-info', 'screens', 'cursor-shape', 'cursor-position']
    expect(kinds.slice(0, 4)).toEqual(first)
    expect(kinds.slice(4).every((kind) => kind === 'update')).toBe(true)
    expect(sink.messages[0]).toEqual({ type: 'screen-info', width: 256, height: 192 })
    expect(sink.messages[3]).toEqual({ type: 'cursor-position', x: 10, y: 20, visible: true })
    expect(sink.updates.every(({ update }) => update.encoding === ScreenEncoding.Zlib)).toBe(true)
    // The cursor position may be dropped; screen updates never are (acks must match them).
    expect(sink.updates.every(({ isDroppable }) => !isDroppable)).toBe(true)
    expect(paint().equals(desktop.frame)).toBe(true)
    expect(stream.stats()).toMatchObject({ updatesSent: sink.updates.length, ackRoundTripMs: null })
    await stream.stop()
  })

  it('[F8] cuts a tall screen into bands of at most 256 rows', async () => {
    const { desktop, sink, stream, paint } = setup({ width: 300, height: 600 })
    desktop.paint({ x: 0, y: 0, width: 300, height: 600 }, (x, y) => [x & 0xff, y & 0xff, 1])
    await stream.start()
    await settle()
    expect(sink.updates.map(({ update }) => [update.y, update.height])).toEqual([
      [0, 256],
      [256, 256],
      [512, 88],
    ])
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it('sends only the tiles that changed', async () => {
    const { desktop, sink, stream, paint, step } = setup()
    await stream.start()
    await settle()
    sink.ackAll(stream)
    const before = sink.updates.length
    desktop.fill({ x: 70, y: 10, width: 10, height: 10 }, RED)
    desktop.fill({ x: 200, y: 150, width: 3, height: 3 }, GREEN)
    await step()
    const rects = sink.updates.slice(before).map(({ update }) => ({
      x: update.x,
      y: update.y,
      width: update.width,
      height: update.height,
    }))
    expect(rects).toEqual([
      { x: 64, y: 0, width: 64, height: 64 },
      { x: 192, y: 128, width: 64, height: 64 },
    ])
    expect(paint().equals(desktop.frame)).toBe(true)
    // Damage that changed no pixel sends nothing.
    sink.ackAll(stream)
    desktop.emit({ type: 'damage', rects: [{ x: 0, y: 0, width: 256, height: 192 }] })
    await step()
    expect(sink.updates.length).toBe(before + 2)
    await stream.stop()
  })

  it('[P2] keeps at most maxInFlight unacknowledged and then sends only the newest state', async () => {
    const { desktop, sink, stream, paint, step } = setup({ maxInFlight: 2 })
    await stream.start()
    await settle()
    sink.ackAll(stream)
    // Fill the window with two updates far apart.
    desktop.fill({ x: 0, y: 0, width: 5, height: 5 }, GREEN)
    desktop.fill({ x: 250, y: 180, width: 5, height: 5 }, GREEN)
    await step()
    expect(sink.outstanding.size).toBe(2)
    const atBound = sink.updates.length
    const grabsAtBound = desktop.grabs.length
    for (const colour of [RED, GREEN, BLUE]) {
      desktop.fill({ x: 100, y: 100, width: 20, height: 20 }, colour)
      await step()
    }
    expect(sink.updates.length).toBe(atBound)
    expect(stream.stats().updatesInFlight).toBe(2)
    // While the window is full nothing is even grabbed: the damage only marks tiles.
    expect(desktop.grabs.length).toBe(grabsAtBound)

    sink.ackAll(stream)
    await step()
    const after = sink.updates.slice(atBound)
    expect(after).toHaveLength(1)
    expect(after.some(({ update }) => updateHasColour(update, RED))).toBe(false)
    expect(after.every(({ update }) => updateHasColour(update, BLUE))).toBe(true)
    expect(paint().equals(desktop.frame)).toBe(true)
    expect(sink.maxOutstanding).toBeLessThanOrEqual(2)
    expect(stream.stats().ackRoundTripMs).not.toBeNull()
    await stream.stop()
  })

  it('[P2] finishes a batch larger than the window over several acks', async () => {
    const { desktop, sink, stream, paint, step } = setup({
      width: 200,
      height: 1000,
      maxInFlight: 1,
    })
    desktop.paint({ x: 0, y: 0, width: 200, height: 1000 }, (x, y) => noise(x, y, 1))
    await stream.start()
    await settle()
    expect(sink.updates).toHaveLength(1)
    for (let round = 0; round < 10 && sink.outstanding.size > 0; round += 1) {
      sink.ackAll(stream)
      await step()
      expect(sink.outstanding.size).toBeLessThanOrEqual(1)
    }
    expect(sink.updates.length).toBe(4) // 1000 rows: 256 + 256 + 256 + 232
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it('paces batches to at most one per 16 ms', async () => {
    const { desktop, sink, stream, clock } = setup({ quality: 'sharp' })
    await stream.start()
    await settle()
    sink.ackAll(stream)
    clock.advance(100)
    desktop.fill({ x: 0, y: 0, width: 4, height: 4 }, RED)
    await settle()
    const first = sink.updates.length
    sink.ackAll(stream)
    desktop.fill({ x: 0, y: 0, width: 4, height: 4 }, BLUE)
    await settle()
    expect(sink.updates.length).toBe(first) // too soon
    clock.advance(16)
    await settle()
    expect(sink.updates.length).toBe(first + 1)
    await stream.stop()
  })

  it('ignores acks it does not know, repeated acks and odd numbers', async () => {
    const { desktop, sink, stream, step } = setup({ maxInFlight: 1 })
    await stream.start()
    await settle()
    expect(sink.outstanding.size).toBe(1)
    for (const sequence of [999, -1, Number.NaN, 2 ** 60, 0.5, Number.POSITIVE_INFINITY]) {
      expect(() => {
        stream.acknowledge(sequence)
      }).not.toThrow()
    }
    expect(stream.stats().updatesInFlight).toBe(1)
    desktop.fill({ x: 0, y: 0, width: 4, height: 4 }, RED)
    await step()
    expect(sink.updates).toHaveLength(1)
    stream.acknowledge(0)
    await step()
    expect(sink.updates).toHaveLength(2)
    // The same ack again must not free a second slot.
    desktop.fill({ x: 100, y: 100, width: 4, height: 4 }, BLUE)
    stream.acknowledge(0)
    stream.acknowledge(0)
    await step()
    expect(sink.updates).toHaveLength(2)
    expect(stream.stats().updatesInFlight).toBe(1)
    stream.setQuality('blurry' as 'fast')
    stream.acknowledge(1)
    await step()
    expect(sink.updates).toHaveLength(3)
    await stream.stop()
  })

  it('[P3] answers any number of refreshes with one whole screen per free window', async () => {
    const { desktop, sink, stream, paint, step } = setup({
      width: 256,
      height: 512,
      maxInFlight: 2,
    })
    desktop.paint({ x: 0, y: 0, width: 256, height: 512 }, (x, y) => [x & 0xff, y & 0xff, 3])
    await stream.start()
    await settle()
    const bands = sink.updates.length
    expect(bands).toBe(2)
    for (let i = 0; i < 1000; i += 1) stream.refresh()
    await step()
    expect(sink.updates.length).toBe(bands) // the window is full: the refresh only marks tiles
    sink.ackAll(stream)
    await step()
    expect(sink.updates.length).toBe(2 * bands)
    sink.ackAll(stream)
    for (let i = 0; i < 1000; i += 1) stream.refresh()
    await step()
    sink.ackAll(stream)
    await step()
    expect(sink.updates.length).toBe(3 * bands)
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it('starts over with screen-info and the whole screen when the desktop size changes', async () => {
    const { desktop, sink, stream, paint, resizePicture, step } = setup()
    await stream.start()
    await settle()
    sink.ackAll(stream)
    const before = sink.sent.length
    desktop.resize(320, 100)
    resizePicture()
    desktop.paint({ x: 0, y: 0, width: 320, height: 100 }, (x, y) => noise(x, y, 2))
    await step()
    const next = sink.sent.slice(before)
    expect(next[0]).toMatchObject({
      kind: 'message',
      message: { type: 'screen-info', width: 320, height: 100 },
    })
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it('stops at once: nothing is sent afterwards, capture stopped, no timer left', async () => {
    const { desktop, sink, stream, clock, step } = setup()
    await stream.start()
    await settle()
    sink.ackAll(stream)
    desktop.fill({ x: 0, y: 0, width: 4, height: 4 }, RED)
    await stream.stop()
    const count = sink.sent.length
    expect(desktop.stopCount).toBe(1)
    expect(desktop.isStarted).toBe(false)
    desktop.pointer = { x: 50, y: 50 }
    stream.refresh()
    stream.acknowledge(1)
    stream.setQuality('fast')
    await step(5000)
    expect(sink.sent.length).toBe(count)
    expect(clock.pendingTimers).toBe(0)
    await stream.stop()
    await expect(stream.start()).rejects.toThrow(/stopped/)
  })

  it('stops itself when the display goes away and reports why', async () => {
    const { desktop, sink, stream, errors, step } = setup()
    await stream.start()
    await settle()
    const count = sink.sent.length
    desktop.emit({ type: 'display-lost', reason: 'Xvfb exited' })
    desktop.fill({ x: 0, y: 0, width: 4, height: 4 }, RED)
    await step()
    expect(errors.map((error) => error.message)).toEqual(['the display went away: Xvfb exited'])
    expect(sink.sent.length).toBe(count)
    expect(desktop.isStarted).toBe(false)
  })

  it('a new stream starts on the same backend after the last one stopped (resume)', async () => {
    const first = setup()
    await first.stream.start()
    await settle()
    await first.stream.stop()
    const sink = new RecordingSink()
    const again = createScreenStream({ capture: first.desktop, sink, clock: first.clock })
    await again.start()
    await settle()
    expect(sink.messages[0]).toEqual({ type: 'screen-info', width: 256, height: 192 })
    expect(sink.updates.length).toBeGreaterThan(0)
    await again.stop()
  })

  it('sends the cursor position only when it moved, and a new shape when it changes', async () => {
    const { desktop, sink, stream, step } = setup()
    await stream.start()
    await settle()
    const positions = () => sink.messages.filter((m) => m.type === 'cursor-position')
    await step(500)
    expect(positions()).toHaveLength(1)
    desktop.pointer = { x: 30, y: 40 }
    await step(200)
    expect(positions().at(-1)).toEqual({ type: 'cursor-position', x: 30, y: 40, visible: true })
    expect(positions()).toHaveLength(2)
    desktop.cursor = { ...desktop.cursor, serial: 2, width: 1, height: 1, xHot: 0 }
    desktop.emit({ type: 'cursor-shape', serial: 2 })
    await settle()
    expect(sink.messages.filter((m) => m.type === 'cursor-shape')).toHaveLength(2)
    await stream.stop()
  })

  it("[P4] 'fast' sends moving regions lossy and refines them lossless once they rest", async () => {
    const { desktop, sink, stream, paint, step } = setup({ quality: 'fast' })
    await stream.start()
    await settle()
    sink.ackAll(stream)
    const region = { x: 64, y: 64, width: 128, height: 64 }
    for (let frame = 0; frame < 6; frame += 1) {
      desktop.paint(region, (x, y) => noise(x, y, frame))
      await step(20)
      sink.ackAll(stream)
    }
    const moving = sink.updates.filter(({ update }) => update.encoding === ScreenEncoding.Jpeg)
    expect(moving.length).toBeGreaterThan(0)
    for (const { update } of moving) expect(isInside(update, region)).toBe(true)
    const beforeRest = sink.updates.length
    await step(REFINE_AFTER_MS + 50)
    sink.ackAll(stream)
    await step()
    const refined = sink.updates.slice(beforeRest)
    expect(refined.length).toBeGreaterThan(0)
    expect(refined.every(({ update }) => update.encoding === ScreenEncoding.Zlib)).toBe(true)
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it("[P4] 'sharp' never sends lossy, even for motion and photos", async () => {
    const { desktop, sink, stream, paint, step } = setup({ quality: 'sharp' })
    await stream.start()
    await settle()
    sink.buffered = 2 * 1024 * 1024 // a lagging link would push 'auto' to lossy photos
    for (let frame = 0; frame < 6; frame += 1) {
      sink.ackAll(stream)
      desktop.paint({ x: 0, y: 0, width: 256, height: 128 }, (x, y) => noise(x, y, frame))
      await step(20)
    }
    expect(sink.updates.every(({ update }) => update.encoding === ScreenEncoding.Zlib)).toBe(true)
    sink.ackAll(stream)
    await step()
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it("'auto' keeps typing-sized changes lossless and sends a still photo lossy on a slow link", async () => {
    const { desktop, sink, stream, paint, step } = setup({ quality: 'auto' })
    await stream.start()
    await settle()
    for (let key = 0; key < 6; key += 1) {
      sink.ackAll(stream)
      desktop.fill({ x: 10 + key * 8, y: 10, width: 6, height: 10 }, [key * 40, 0, 0])
      await step(20)
    }
    expect(sink.updates.every(({ update }) => update.encoding === ScreenEncoding.Zlib)).toBe(true)
    sink.buffered = 2 * 1024 * 1024
    sink.ackAll(stream)
    const before = sink.updates.length
    desktop.paint({ x: 128, y: 64, width: 128, height: 128 }, (x, y) => noise(x, y, 9))
    await step()
    expect(
      sink.updates.slice(before).some(({ update }) => update.encoding === ScreenEncoding.Jpeg),
    ).toBe(true)
    sink.buffered = 0
    await step(REFINE_AFTER_MS + 50)
    sink.ackAll(stream)
    await step()
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it("'auto' on a good link sends moving video lossy but keeps moving text lossless", async () => {
    const { desktop, sink, stream, paint, step } = setup({ quality: 'auto' })
    await stream.start()
    await settle()
    const video = { x: 0, y: 0, width: 128, height: 128 }
    const text = { x: 128, y: 0, width: 128, height: 128 }
    for (let frame = 0; frame < 6; frame += 1) {
      sink.ackAll(stream)
      desktop.paint(video, (x, y) => noise(x, y, frame))
      // Scrolling "text": two colours whose pattern moves by a row each frame.
      desktop.paint(text, (x, y) => ((x * 3 + y + frame) % 7 === 0 ? [0, 0, 0] : [255, 255, 255]))
      await step(20)
    }
    const lossy = sink.updates.filter(({ update }) => update.encoding === ScreenEncoding.Jpeg)
    expect(lossy.length).toBeGreaterThan(0)
    for (const { update } of lossy) expect(isInside(update, video)).toBe(true)
    await step(REFINE_AFTER_MS + 50)
    sink.ackAll(stream)
    await step()
    expect(paint().equals(desktop.frame)).toBe(true)
    await stream.stop()
  })

  it('waits while the link holds more than 4 MiB', async () => {
    const { desktop, sink, stream, step } = setup()
    await stream.start()
    await settle()
    sink.ackAll(stream)
    sink.buffered = 5 * 1024 * 1024
    const before = sink.updates.length
    desktop.fill({ x: 0, y: 0, width: 4, height: 4 }, RED)
    await step(500)
    expect(sink.updates.length).toBe(before)
    sink.buffered = 0
    await step()
    expect(sink.updates.length).toBe(before + 1)
    await stream.stop()
  })
})
