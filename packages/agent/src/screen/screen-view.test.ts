/**
 * The stream's view (SPEC.md P8): one monitor of a two-monitor fake desktop, with every
 * coordinate relative to it, damage elsewhere ignored and the cursor hidden outside it.
 */
import { describe, expect, it } from 'vitest'

import { createScreenStream } from './create-screen-stream.js'
import { resolveView, screenList, toViewRect } from './screen-view.js'
import { FakeDesktop } from './test-support/fake-desktop.js'
import { ManualClock } from './test-support/manual-clock.js'
import { ConsolePicture, RecordingSink } from './test-support/recording-sink.js'

const LEFT = { id: 'xinerama-0', x: 0, y: 0, width: 128, height: 96 }
const RIGHT = { id: 'xinerama-1', x: 128, y: 0, width: 160, height: 128 }

async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    await new Promise((resolve) => setImmediate(resolve))
  }
}

function setup(screen: string) {
  const desktop = new FakeDesktop(288, 128)
  desktop.screens = [LEFT, RIGHT]
  desktop.paint({ x: 0, y: 0, width: 288, height: 128 }, (x, y) => [x & 0xff, y & 0xff, 9])
  const sink = new RecordingSink()
  const clock = new ManualClock()
  const stream = createScreenStream({ capture: desktop, sink, clock, screen, quality: 'sharp' })
  return { desktop, sink, clock, stream }
}

describe('screen view', () => {
  it('[P8] picks a monitor, falls back to all for an unknown id', () => {
    const geometry = { width: 288, height: 128, screens: [LEFT, RIGHT] }
    expect(resolveView(geometry, 'xinerama-1')).toEqual({
      rect: { x: 128, y: 0, width: 160, height: 128 },
      selected: 'xinerama-1',
    })
    expect(resolveView(geometry, 'nope').selected).toBe('all')
    expect(toViewRect({ x: 100, y: 10, width: 50, height: 10 }, RIGHT)).toEqual({
      x: 0,
      y: 10,
      width: 22,
      height: 10,
    })
    expect(toViewRect({ x: 0, y: 0, width: 128, height: 96 }, RIGHT)).toBeNull()
    expect(screenList(geometry, 'all')).toEqual({
      type: 'screens',
      screens: [LEFT, RIGHT],
      selected: 'all',
    })
  })

  it('[P8] shows only the chosen monitor, coordinates relative to it', async () => {
    const { desktop, sink, stream } = setup('xinerama-1')
    await stream.start()
    await settle()
    expect(sink.messages[0]).toEqual({ type: 'screen-info', width: 160, height: 128 })
    expect(sink.messages[1]).toEqual({
      type: 'screens',
      screens: [LEFT, RIGHT],
      selected: 'xinerama-1',
    })
    // The pointer at (10, 20) is on the left monitor: hidden from this view.
    expect(sink.messages).toContainEqual({
      type: 'cursor-position',
      x: 0,
      y: 20,
      visible: false,
    })
    const picture = new ConsolePicture(160, 128)
    for (const { update } of sink.updates) picture.apply(update)
    expect(picture.equals(desktop.frame, { x: 128, y: 0, width: 160, height: 128 })).toBe(false)
    const shown = { ...desktop.frame, x: -128, y: 0 }
    expect(picture.equals(shown, { x: 0, y: 0, width: 160, height: 128 })).toBe(true)
    await stream.stop()
  })

  it('[P8] ignores damage outside the view and offsets damage inside it', async () => {
    const { desktop, sink, clock, stream } = setup('xinerama-1')
    await stream.start()
    await settle()
    sink.ackAll(stream)
    const before = sink.updates.length
    desktop.fill({ x: 0, y: 0, width: 128, height: 96 }, [1, 2, 3])
    clock.advance(100)
    await settle()
    expect(sink.updates.length).toBe(before)
    desktop.grabs.length = 0
    desktop.fill({ x: 200, y: 40, width: 8, height: 8 }, [4, 5, 6])
    clock.advance(100)
    await settle()
    const updates = sink.updates.slice(before).map(({ update }) => update)
    expect(updates.length).toBeGreaterThan(0)
    for (const update of updates) {
      expect(update.x + update.width).toBeLessThanOrEqual(160)
      expect(update.x).toBeLessThanOrEqual(72)
      expect(update.x + update.width).toBeGreaterThanOrEqual(80)
    }
    expect(desktop.grabs.every((grab) => grab.x >= 128)).toBe(true)
    desktop.pointer = { x: 150, y: 30 }
    clock.advance(200)
    await settle()
    expect(sink.messages.at(-1)).toEqual({ type: 'cursor-position', x: 22, y: 30, visible: true })
    await stream.stop()
  })
})
