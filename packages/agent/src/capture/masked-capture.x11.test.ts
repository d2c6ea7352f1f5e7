/** Masked capture on a real Xvfb with two real xterms of different colours. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type Child, run, startChild } from '../test-support/processes.js'
import { waitFor } from '../test-support/wait-for.js'
import { type Xvfb, startXvfb } from '../test-support/xvfb.js'
import { applicationIdOf } from '../windows/applications.js'
import type { WindowInfo } from '../windows/window-info.js'
import { createWindowRestriction, type WindowRestriction } from '../windows/window-restriction.js'
import { X11WindowSource } from '../windows/x11/x11-window-source.js'
import type { CaptureEvent, Frame } from './capture.js'
import { MASK_PIXEL, MaskedCapture } from './masked-capture.js'
import { X11Capture } from './x11/x11-capture.js'

const TIMEOUT_MS = 30_000
const WIDTH = 800
const HEIGHT = 600
/** BGR hex of the colours the test paints, as `pixelAt` reads them. */
const SHOWN_BG = '0000ff' // xterm -bg red
const HIDDEN_BG = '00ff00' // xterm -bg green
const MASK = Buffer.from(MASK_PIXEL.slice(0, 3)).toString('hex')

function pixelAt(frame: Frame, x: number, y: number): string {
  const offset = (y - frame.y) * frame.stride + (x - frame.x) * 4
  return frame.data.subarray(offset, offset + 3).toString('hex')
}

/**
 * A point in the first character cell of a window's last row: always the background colour,
 * whatever the shell prints as its prompt and wherever the text cursor is (near the top left,
 * drawn filled when the xterm has the focus — the pointer starts in the screen's middle).
 */
function blankPointOf(window: WindowInfo): { x: number; y: number } {
  return { x: window.rect.x + 8, y: window.rect.y + window.rect.height - 8 }
}

function pixelOf(frame: Frame, window: WindowInfo): string {
  const point = blankPointOf(window)
  return pixelAt(frame, point.x, point.y)
}

describe('MaskedCapture on Xvfb', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let restriction: WindowRestriction
  let capture: MaskedCapture
  const children: Child[] = []
  const events: CaptureEvent[] = []
  let shown: WindowInfo
  let hidden: WindowInfo
  let desktopPixel = ''

  const grabAll = () => capture.grab({ x: 0, y: 0, width: WIDTH, height: HEIGHT })

  beforeAll(async () => {
    xvfb = await startXvfb(`${WIDTH}x${HEIGHT}`)
    const xterm = (title: string, colour: string, geometry: string) => {
      children.push(
        startChild('xterm', ['-T', title, '-bg', colour, '-geometry', geometry], xvfb.env),
      )
    }
    xterm('shown-term', 'red', '40x12+20+20')
    xterm('hidden-term', 'green', '40x12+400+300')
    restriction = createWindowRestriction(
      () => X11WindowSource.open({ display: xvfb.display }),
      () => undefined,
    )
    const byTitle = (title: string) => () =>
      restriction.choice().applications.find((app) => app.title === title)
    await waitFor('both xterms listed', async () => {
      await restriction.settle()
      return byTitle('shown-term')() !== undefined && byTitle('hidden-term')() !== undefined
        ? true
        : undefined
    })
    const inner = await X11Capture.open({ display: xvfb.display })
    capture = new MaskedCapture(inner, restriction)
    await capture.start((event) => events.push(event))
    const windows = await X11WindowSource.open({ display: xvfb.display })
    shown = windows.windows().find((window) => window.title === 'shown-term') as WindowInfo
    hidden = windows.windows().find((window) => window.title === 'hidden-term') as WindowInfo
    await windows.close()
  }, TIMEOUT_MS)

  afterAll(async () => {
    await capture.close()
    await restriction.close()
    await Promise.all(children.map((child) => child.stop()))
    await xvfb.stop()
  })

  it('passes the picture unchanged while the whole screen is shown', async () => {
    let seen = ''
    const frame = await waitFor(
      'the xterms drawn',
      async () => {
        const grabbed = await grabAll()
        seen = `shown ${pixelOf(grabbed, shown)}, hidden ${pixelOf(grabbed, hidden)}`
        return pixelOf(grabbed, shown) === SHOWN_BG && pixelOf(grabbed, hidden) === HIDDEN_BG
          ? grabbed
          : undefined
      },
      20_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)} (last seen: ${seen})`)
    })
    desktopPixel = pixelAt(frame, WIDTH - 2, HEIGHT - 2)
    expect(desktopPixel).not.toBe(MASK)
  })

  it('[P10] masks the other window and the desktop, and reports the change as damage', async () => {
    const before = events.length
    restriction.setChoice('chosen', [applicationIdOf(shown)])
    expect(events.slice(before)).toContainEqual({
      type: 'damage',
      rects: [{ x: 0, y: 0, width: WIDTH, height: HEIGHT }],
    })
    const frame = await grabAll()
    expect(pixelOf(frame, shown)).toBe(SHOWN_BG)
    expect(pixelOf(frame, hidden)).toBe(MASK)
    expect(pixelAt(frame, WIDTH - 2, HEIGHT - 2)).toBe(MASK)
    // Nothing of the hidden window's colour is left anywhere.
    let hiddenPixels = 0
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) if (pixelAt(frame, x, y) === HIDDEN_BG) hiddenPixels++
    }
    expect(hiddenPixels).toBe(0)
    // A part grab is masked the same way.
    const part = await capture.grab({
      x: shown.rect.x + shown.rect.width - 4,
      y: shown.rect.y,
      width: 8,
      height: 8,
    })
    expect(pixelAt(part, part.x + 1, part.y + 4)).toBe(SHOWN_BG)
    expect(pixelAt(part, part.x + 6, part.y + 4)).toBe(MASK)
  })

  it('[P10] keeps a hidden window moved over the chosen one masked, in the very next grab', async () => {
    // One xdotool: the raise is done once the synchronous move is.
    const id = String(hidden.id)
    await run('xdotool', ['windowraise', id, 'windowmove', '--sync', id, '60', '60'], xvfb.env)
    const frame = await grabAll()
    // Where the hidden window now covers the chosen one: mask, never green.
    expect(pixelAt(frame, 70, 70)).toBe(MASK)
    expect(pixelOf(frame, shown)).toBe(SHOWN_BG)
    await run('xdotool', ['windowraise', String(shown.id)], xvfb.env)
    const raised = await grabAll()
    expect(pixelAt(raised, 70, 70)).toBe(SHOWN_BG)
  })

  it('[P10] hides the cursor over the mask only', async () => {
    await run(
      'xdotool',
      ['mousemove', String(shown.rect.x + 10), String(shown.rect.y + 10)],
      xvfb.env,
    )
    expect(await capture.cursorPosition()).toEqual({ x: shown.rect.x + 10, y: shown.rect.y + 10 })
    await run('xdotool', ['mousemove', String(WIDTH - 10), String(HEIGHT - 10)], xvfb.env)
    expect(await capture.cursorPosition()).toEqual({ x: -1, y: -1 })
  })

  it('shows everything again with the whole screen', async () => {
    restriction.setChoice('whole-screen', [])
    const frame = await grabAll()
    expect(pixelAt(frame, WIDTH - 2, HEIGHT - 2)).toBe(desktopPixel)
    // The hidden window, moved to (60, 60) and now below the chosen one, where it shows.
    expect(pixelAt(frame, 60 + hidden.rect.width - 5, 60 + hidden.rect.height - 5)).toBe(HIDDEN_BG)
    expect(await capture.cursorPosition()).toEqual({ x: WIDTH - 10, y: HEIGHT - 10 })
  })
})
