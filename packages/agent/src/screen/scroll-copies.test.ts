import { ScreenEncoding, decodeCopySource } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import type { Rect } from '../capture/capture.js'
import { createScreenStream } from './create-screen-stream.js'
import { encodeLossless, splitIntoBands } from './region-encoding.js'
import { FakeDesktop } from './test-support/fake-desktop.js'
import { ManualClock } from './test-support/manual-clock.js'
import { ConsolePicture, RecordingSink } from './test-support/recording-sink.js'

/** Lets promise chains and `setImmediate` work run; the fake backend never really waits. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function noise(seed: number) {
  return (x: number, y: number): readonly [number, number, number] => {
    const value = Math.imul(x * 73_856_093 + y * 19_349_663 + seed * 83_492_791, 2_654_435_761)
    return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff]
  }
}

function setup(width: number, height: number, maxInFlight: number) {
  const desktop = new FakeDesktop(width, height)
  const sink = new RecordingSink()
  const clock = new ManualClock()
  const stream = createScreenStream({
    capture: desktop,
    sink,
    clock,
    maxInFlight,
    quality: 'sharp',
  })
  const picture = new ConsolePicture(width, height)
  let painted = 0
  const paint = () => {
    for (const { update } of sink.updates.slice(painted)) picture.apply(update)
    painted = sink.updates.length
    return picture
  }
  const step = async () => {
    clock.advance(70)
    await settle()
  }
  /** Acks and paints as the console would until nothing is in flight. */
  const drain = async () => {
    for (let round = 0; round < 20 && sink.outstanding.size > 0; round += 1) {
      paint()
      sink.ackAll(stream)
      await step()
    }
    return paint()
  }
  return { desktop, sink, stream, paint, step, drain }
}

function copiesOf(sink: RecordingSink, from: number) {
  return sink.updates
    .slice(from)
    .map(({ update }) => update)
    .filter((update) => update.encoding === ScreenEncoding.Copy)
}

describe('scroll copies', () => {
  it('[F10] a scrolled region goes out as one copy and the rows it exposed', async () => {
    const { desktop, sink, stream, drain, step } = setup(512, 384, 8)
    const area: Rect = { x: 40, y: 50, width: 400, height: 300 }
    desktop.paint(area, noise(1))
    await stream.start()
    await settle()
    await drain()
    const before = sink.updates.length
    desktop.scroll(area, 26, noise(2))
    await step()
    const picture = await drain()
    expect(picture.equals(desktop.frame)).toBe(true)

    const copies = copiesOf(sink, before)
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatchObject({ x: 40, y: 76, width: 400, height: 274 })
    expect(copies[0] && decodeCopySource(copies[0])).toEqual({ x: 40, y: 50 })
    // The copy comes before any image of the batch.
    expect(sink.updates[before]?.update.encoding).toBe(ScreenEncoding.Copy)
    const sent = sink.updates
      .slice(before)
      .reduce((sum, { update }) => sum + update.image.length, 0)
    const changedTiles = { x: 0, y: 0, width: 448, height: 384 }
    const fullResend = splitIntoBands(changedTiles, 64)
      .map((band) => encodeLossless(desktop.frame, band).image.length)
      .reduce((sum, bytes) => sum + bytes, 0)
    expect(sent).toBeLessThan(fullResend * 0.3)
    await stream.stop()
  })

  it('[F10][P2] never copies from tiles grabbed but not yet sent', async () => {
    const { desktop, sink, stream, drain, step } = setup(256, 768, 2)
    const screen = { x: 0, y: 0, width: 256, height: 768 }
    desktop.paint(screen, noise(1))
    await stream.start()
    await settle()
    await drain()
    sink.ackAll(stream)
    // A new picture: two bands fill the window, the third (rows 512-767) waits unsent.
    desktop.paint(screen, noise(2))
    await step()
    expect(sink.outstanding.size).toBe(2)
    const before = sink.updates.length
    // Scrolled up by 100 while the window is full: rows 0-667 now hold rows 100-767.
    desktop.scroll(screen, -100, noise(3))
    await step()
    expect(sink.updates.length).toBe(before)
    const picture = await drain()
    expect(picture.equals(desktop.frame)).toBe(true)
    const copies = copiesOf(sink, before)
    expect(copies).toHaveLength(1)
    for (const copy of copies) {
      const source = decodeCopySource(copy)
      expect(source.y - copy.y).toBe(100)
      // The viewer holds rows 512-767 of the first picture: never a source.
      expect(source.y + copy.height).toBeLessThanOrEqual(512)
    }
    await stream.stop()
  })

  it('[F10] keeps scrolling in step over many batches, up and down', async () => {
    const { desktop, sink, stream, drain, step } = setup(320, 256, 3)
    const area: Rect = { x: 10, y: 20, width: 300, height: 220 }
    desktop.paint(area, noise(1))
    await stream.start()
    await settle()
    await drain()
    const before = sink.updates.length
    for (let round = 0; round < 12; round += 1) {
      desktop.scroll(area, round % 4 === 3 ? 39 : -13, noise(10 + round))
      if (round % 2 === 0) await step()
      else await drain()
    }
    const picture = await drain()
    expect(picture.equals(desktop.frame)).toBe(true)
    expect(copiesOf(sink, before).length).toBeGreaterThan(3)
    await stream.stop()
  })
})
