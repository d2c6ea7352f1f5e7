/** Copy updates are not sent while the customer shows only chosen applications (SPEC.md P10). */
import { ScreenEncoding } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import type { Rect } from '../capture/capture.js'
import { createScreenStream } from './create-screen-stream.js'
import { FakeDesktop } from './test-support/fake-desktop.js'
import { ManualClock } from './test-support/manual-clock.js'
import { ConsolePicture, RecordingSink } from './test-support/recording-sink.js'

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

describe('scroll copies while applications are hidden', () => {
  it('[P10][F10] sends no copy while copies are not allowed, and copies again once they are', async () => {
    const desktop = new FakeDesktop(512, 384)
    const sink = new RecordingSink()
    const clock = new ManualClock()
    let allowsCopies = false
    const stream = createScreenStream({
      capture: desktop,
      sink,
      clock,
      maxInFlight: 8,
      quality: 'sharp',
      allowsCopies: () => allowsCopies,
    })
    const picture = new ConsolePicture(512, 384)
    let painted = 0
    const drain = async () => {
      for (let round = 0; round < 20; round += 1) {
        for (const { update } of sink.updates.slice(painted)) picture.apply(update)
        painted = sink.updates.length
        if (sink.outstanding.size === 0) break
        sink.ackAll(stream)
        clock.advance(70)
        await settle()
      }
      return picture
    }
    const copiesSince = (from: number) =>
      sink.updates.slice(from).filter(({ update }) => update.encoding === ScreenEncoding.Copy)
    const area: Rect = { x: 40, y: 50, width: 400, height: 300 }
    desktop.paint(area, noise(1))
    await stream.start()
    await settle()
    await drain()

    const restricted = sink.updates.length
    desktop.scroll(area, 26, noise(2))
    clock.advance(70)
    await settle()
    expect((await drain()).equals(desktop.frame)).toBe(true)
    expect(copiesSince(restricted)).toEqual([])
    expect(sink.updates.length).toBeGreaterThan(restricted)

    allowsCopies = true
    const free = sink.updates.length
    desktop.scroll(area, 26, noise(3))
    clock.advance(70)
    await settle()
    expect((await drain()).equals(desktop.frame)).toBe(true)
    expect(copiesSince(free)).toHaveLength(1)
    await stream.stop()
  })
})
