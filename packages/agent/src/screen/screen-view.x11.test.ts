/**
 * The stream's view on a real two-screen Xvfb (Xinerama, SPEC.md P8): showing one monitor
 * sends its size and exactly its pixels. Xvfb puts every head at 0,0, so the first monitor
 * (640x480) is the top-left part of an 800x600 desktop.
 */
import { describe, expect, it } from 'vitest'

import { X11Capture } from '../capture/x11/x11-capture.js'
import { waitFor } from '../test-support/wait-for.js'
import { startXvfb } from '../test-support/xvfb.js'
import { closeX11, connectX11, syncX11 } from '../x11/connection.js'
import { createScreenStream } from './create-screen-stream.js'
import { ConsolePicture, RecordingSink } from './test-support/recording-sink.js'

const TIMEOUT_MS = 60_000

describe('screen view on a two-screen Xvfb', { timeout: TIMEOUT_MS }, () => {
  it('[P8] shows one monitor: its size, its pixels, and the monitors listed', async () => {
    const xvfb = await startXvfb('640x480', ['-screen', '1', '800x600x24', '+xinerama'])
    const capture = await X11Capture.open({ display: xvfb.display })
    const painter = await connectX11(xvfb.display)
    const sink = new RecordingSink()
    const stream = createScreenStream({ capture, sink, quality: 'sharp', screen: 'xinerama-0' })
    try {
      const gc = painter.client.AllocID()
      painter.client.CreateGC(gc, painter.root, { foreground: 0x336699 })
      for (let y = 0; y < 600; y += 40) {
        painter.client.ChangeGC(gc, { foreground: 0x0a0b0c + 0x101010 * (y / 40) })
        painter.client.PolyFillRectangle(painter.root, gc, [0, y, 800, 40])
      }
      await syncX11(painter)
      await stream.start()
      expect(sink.messages[0]).toEqual({ type: 'screen-info', width: 640, height: 480 })
      expect(sink.messages[1]).toEqual({
        type: 'screens',
        screens: [
          { id: 'xinerama-0', x: 0, y: 0, width: 640, height: 480 },
          { id: 'xinerama-1', x: 0, y: 0, width: 800, height: 600 },
        ],
        selected: 'xinerama-0',
      })
      const picture = new ConsolePicture(640, 480)
      let painted = 0
      await waitFor('the first monitor', async () => {
        sink.ackAll(stream)
        for (const { update } of sink.updates.slice(painted)) picture.apply(update)
        painted = sink.updates.length
        const screen = await capture.grab({ x: 0, y: 0, width: 640, height: 480 })
        return picture.equals(screen) ? true : undefined
      })
      expect(
        sink.updates.every(
          ({ update }) => update.x + update.width <= 640 && update.y + update.height <= 480,
        ),
      ).toBe(true)
    } finally {
      await stream.stop()
      await closeX11(painter)
      await capture.close()
      await xvfb.stop()
    }
  })
})
