/**
 * The benchmark's own X client: a small square whose colour it changes at known times (the
 * screen change whose arrival on the canvas is timed), a square that changes colour when
 * clicked (the click's effect), and a full-screen window it repaints with busy patterns.
 * Times are wall-clock milliseconds (`performance.timeOrigin + performance.now()`), the same
 * clock the page uses.
 */
import x11 from 'x11'

export interface Square {
  readonly x: number
  readonly y: number
  readonly size: number
}

export interface Change {
  /** The square's colour after the change, as 0xRRGGBB. */
  readonly colour: number
  /** When the change was requested. */
  readonly at: number
}

export interface XProbe {
  readonly changing: Square
  readonly clickable: Square
  /** Gives the changing square its next colour; resolves once the X server has drawn it. */
  change(): Promise<Change>
  /** Colour changes of the clickable square made by clicks, in order. */
  readonly clickChanges: Change[]
  /** Shows (or repaints) a full-screen window with busy pattern number `n`. */
  paintFullScreen(n: number): Promise<Change>
  hideFullScreen(): void
  close(): void
}

const BUTTON_PRESS_MASK = 1 << 2
const EXPOSURE_MASK = 1 << 15
const INPUT_OUTPUT = 1
const COLOURS = [0xff0000, 0x00c000, 0x0000ff, 0xffff00, 0xff00ff, 0x00ffff]

export const wallClock = (): number => performance.timeOrigin + performance.now()

type X11Client = ReturnType<typeof x11.createClient>

function connect(
  display: string,
): Promise<{ client: X11Client; root: number; width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const client = x11.createClient({ display }, (error, info) => {
      if (error) {
        reject(error)
        return
      }
      const screen = info.screen[0]
      if (screen === undefined) {
        reject(new Error(`display ${display} has no screen`))
        return
      }
      resolve({ client, root: screen.root, width: screen.pixel_width, height: screen.pixel_height })
    })
    client.on('error', reject)
  })
}

function roundTrip(client: X11Client): Promise<void> {
  return new Promise((resolve, reject) => {
    client.GetInputFocus((error) => {
      if (error) reject(error)
      else resolve()
    })
  })
}

/** A square window of `colour` that never takes part in window management. */
function square(
  client: X11Client,
  root: number,
  place: Square,
  colour: number,
  events = 0,
): number {
  const id = client.AllocID()
  client.CreateWindow(id, root, place.x, place.y, place.size, place.size, 0, 0, INPUT_OUTPUT, 0, {
    backgroundPixel: colour,
    overrideRedirect: 1,
    eventMask: events,
  })
  client.MapWindow(id)
  return id
}

export async function openXProbe(display: string): Promise<XProbe> {
  const { client, root, width, height } = await connect(display)
  const changing: Square = { x: width - 48, y: height - 48, size: 24 }
  const clickable: Square = { x: width - 96, y: height - 48, size: 24 }
  let changingColour = 0
  let clickColour = 0
  const clickChanges: Change[] = []

  // The full-screen window sits below the squares: they are created after it and raised.
  const fullScreen = client.AllocID()
  client.CreateWindow(fullScreen, root, 0, 0, width, height, 0, 0, INPUT_OUTPUT, 0, {
    backgroundPixel: 0x202020,
    overrideRedirect: 1,
    eventMask: EXPOSURE_MASK,
  })
  const gc = client.AllocID()
  client.CreateGC(gc, fullScreen, { foreground: 0xffffff })
  const changingWindow = square(client, root, changing, COLOURS[0] ?? 0)
  const clickWindow = square(client, root, clickable, COLOURS[3] ?? 0, BUTTON_PRESS_MASK)

  const recolour = (window: number, colour: number) => {
    client.ChangeWindowAttributes(window, { backgroundPixel: colour })
    client.ClearArea(window, 0, 0, 0, 0, 0)
  }
  client.on('event', (event) => {
    if (event.name !== 'ButtonPress' || event['wid'] !== clickWindow) return
    const at = wallClock()
    clickColour = (clickColour + 1) % COLOURS.length
    const colour = COLOURS[clickColour] ?? 0
    recolour(clickWindow, colour)
    clickChanges.push({ colour, at })
  })
  await roundTrip(client)

  return {
    changing,
    clickable,
    clickChanges,
    async change() {
      changingColour = (changingColour + 1) % COLOURS.length
      const colour = COLOURS[changingColour] ?? 0
      const at = wallClock()
      recolour(changingWindow, colour)
      await roundTrip(client)
      return { colour, at }
    },
    async paintFullScreen(n) {
      const at = wallClock()
      client.MapWindow(fullScreen)
      client.RaiseWindow(fullScreen)
      client.RaiseWindow(clickWindow)
      client.RaiseWindow(changingWindow)
      client.ChangeWindowAttributes(fullScreen, {
        backgroundPixel: n % 2 === 0 ? 0x202020 : 0xf0f0f0,
      })
      client.ClearArea(fullScreen, 0, 0, 0, 0, 0)
      // "Text": rows of glyph-sized blocks in a few inks, different for every n.
      let seed = n * 7919 + 1
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        return seed / 2 ** 31
      }
      for (const ink of [0x000000, 0x3060c0, 0xc03030, 0x808080]) {
        client.ChangeGC(gc, { foreground: n % 2 === 0 ? ink ^ 0xffffff : ink })
        const rects: number[] = []
        for (let y = 8; y < height - 16; y += 18) {
          for (let x = 8; x < width - 16; x += 9) {
            if (random() < 0.16) rects.push(x, y, 7, 12)
          }
        }
        client.PolyFillRectangle(fullScreen, gc, rects)
      }
      // The marker the page looks for is the changing square, repainted last.
      changingColour = (changingColour + 1) % COLOURS.length
      const colour = COLOURS[changingColour] ?? 0
      recolour(changingWindow, colour)
      await roundTrip(client)
      return { colour, at }
    },
    hideFullScreen() {
      client.UnmapWindow(fullScreen)
    },
    close() {
      client.terminate()
    },
  }
}
