/** Screen capture on an X11 display with the pure-JS `x11` client (see agent-spike.md §1). */
import type { Damage, Fixes, XEvent } from 'x11'

import {
  type X11Connection,
  closeX11,
  connectX11,
  request,
  requireExtension,
  syncX11,
  whileConnected,
} from '../../x11/connection.js'
import type {
  CaptureBackend,
  CaptureEvent,
  CursorImage,
  DesktopGeometry,
  Frame,
  Point,
  Rect,
} from '../capture.js'
import { DamageWatch } from './damage-watch.js'
import { PixelReader } from './pixels.js'
import { type ScreenSources, isSameGeometry, readGeometry } from './screens.js'

const STRUCTURE_NOTIFY_MASK = 1 << 17
/** Without DAMAGE, the whole desktop is reported this often and tiles.ts finds the changes. */
const FULL_DAMAGE_INTERVAL_MS = 100

export interface X11CaptureInfo {
  hasDamage: boolean
  hasSharedMemory: boolean
  hasRandr: boolean
}

export class X11Capture implements CaptureBackend {
  readonly #connection: X11Connection
  readonly #pixels: PixelReader
  readonly #fixes: Fixes | null
  readonly #sources: ScreenSources
  readonly #damage: DamageWatch | null
  #geometry: DesktopGeometry
  #listener: ((event: CaptureEvent) => void) | null = null
  #fullDamageTimer: NodeJS.Timeout | null = null
  readonly #onEvent = (event: XEvent): void => {
    this.#handleEvent(event)
  }

  private constructor(parts: {
    connection: X11Connection
    pixels: PixelReader
    fixes: Fixes | null
    sources: ScreenSources
    damage: { damage: Damage; fixes: Fixes } | null
    geometry: DesktopGeometry
  }) {
    this.#connection = parts.connection
    this.#pixels = parts.pixels
    this.#fixes = parts.fixes
    this.#sources = parts.sources
    this.#damage =
      parts.damage === null
        ? null
        : new DamageWatch(parts.connection, parts.damage, (rects) => {
            this.#emit({ type: 'damage', rects })
          })
    this.#geometry = parts.geometry
    parts.connection.lost.catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : 'the X display went away'
      this.#emit({ type: 'display-lost', reason })
    })
  }

  /** Connects to `display` (default `$DISPLAY`) and loads the extensions it offers. */
  static async open(options: { display?: string; canUseSharedMemory?: boolean } = {}) {
    const connection = await connectX11(options.display)
    try {
      const [damage, fixes, shm, randr, xinerama] = await Promise.all([
        requireExtension(connection, 'damage'),
        requireExtension(connection, 'fixes'),
        requireExtension(connection, 'shm'),
        requireExtension(connection, 'randr'),
        requireExtension(connection, 'xinerama'),
      ])
      if (randr !== null) {
        await request((done) => {
          randr.QueryVersion(1, 3, done)
        })
      }
      const sources = { randr, xinerama }
      const pixels = await PixelReader.open(
        connection,
        options.canUseSharedMemory === false ? null : shm,
      )
      const geometry = await readGeometry(connection, sources)
      const damageExtensions = damage !== null && fixes !== null ? { damage, fixes } : null
      return new X11Capture({
        connection,
        pixels,
        fixes,
        sources,
        damage: damageExtensions,
        geometry,
      })
    } catch (error) {
      await closeX11(connection)
      throw error
    }
  }

  get info(): X11CaptureInfo {
    return {
      hasDamage: this.#damage !== null,
      hasSharedMemory: this.#pixels.isSharedMemory,
      hasRandr: this.#sources.randr !== null,
    }
  }

  geometry(): DesktopGeometry {
    return this.#geometry
  }

  async start(listener: (event: CaptureEvent) => void): Promise<void> {
    if (this.#listener !== null) throw new Error('capture already started')
    this.#listener = listener
    const { client, root } = this.#connection
    client.on('event', this.#onEvent)
    client.ChangeWindowAttributes(root, { eventMask: STRUCTURE_NOTIFY_MASK })
    const { randr } = this.#sources
    if (randr !== null) randr.SelectInput(root, randr.NotifyMask.ScreenChange)
    if (this.#fixes !== null)
      this.#fixes.SelectCursorInput(root, this.#fixes.CursorNotifyMask.DisplayCursor)
    if (this.#damage === null) {
      this.#fullDamageTimer = setInterval(() => {
        this.#emitFullDamage()
      }, FULL_DAMAGE_INTERVAL_MS)
    } else {
      this.#damage.start()
    }
    // Once the server has these requests, every later change is reported.
    await whileConnected(this.#connection, syncX11(this.#connection))
  }

  async stop(): Promise<void> {
    if (this.#listener === null) return
    this.#listener = null
    if (this.#connection.isLost()) return
    const { client, root } = this.#connection
    client.removeListener('event', this.#onEvent)
    if (this.#fullDamageTimer !== null) clearInterval(this.#fullDamageTimer)
    this.#fullDamageTimer = null
    this.#damage?.stop()
    client.ChangeWindowAttributes(root, { eventMask: 0 })
    const { randr } = this.#sources
    if (randr !== null) randr.SelectInput(root, 0)
    if (this.#fixes !== null) this.#fixes.SelectCursorInput(root, 0)
    await whileConnected(this.#connection, syncX11(this.#connection))
  }

  grab(rect: Rect): Promise<Frame> {
    const { width, height } = this.#geometry
    const x = Math.max(0, Math.min(width, rect.x))
    const y = Math.max(0, Math.min(height, rect.y))
    const right = Math.max(x, Math.min(width, rect.x + rect.width))
    const bottom = Math.max(y, Math.min(height, rect.y + rect.height))
    const clipped = { x, y, width: right - x, height: bottom - y }
    if (clipped.width === 0 || clipped.height === 0) {
      return Promise.resolve({ ...clipped, stride: 0, data: Buffer.alloc(0) })
    }
    return whileConnected(this.#connection, this.#pixels.read(clipped))
  }

  async cursorImage(): Promise<CursorImage> {
    const fixes = this.#fixes
    if (fixes === null) throw new Error('the X server has no XFIXES: cursor shape unknown')
    const image = await whileConnected(
      this.#connection,
      request<{
        width: number
        height: number
        xhot: number
        yhot: number
        cursorSerial: number
        cursorImage: Buffer
      }>((done) => {
        fixes.GetCursorImage(done)
      }),
    )
    return {
      width: image.width,
      height: image.height,
      xHot: image.xhot,
      yHot: image.yhot,
      serial: image.cursorSerial,
      pixels: image.cursorImage,
    }
  }

  async cursorPosition(): Promise<Point> {
    const { client, root } = this.#connection
    const pointer = await whileConnected(
      this.#connection,
      request<{ rootX: number; rootY: number }>((done) => {
        client.QueryPointer(root, done)
      }),
    )
    return { x: pointer.rootX, y: pointer.rootY }
  }

  async close(): Promise<void> {
    await this.stop()
    await this.#pixels.close()
    await closeX11(this.#connection)
  }

  #emit(event: CaptureEvent): void {
    this.#listener?.(event)
  }

  #emitFullDamage(): void {
    const { width, height } = this.#geometry
    this.#emit({ type: 'damage', rects: [{ x: 0, y: 0, width, height }] })
  }

  #handleEvent(event: XEvent): void {
    switch (event.name) {
      case 'DamageNotify':
        this.#damage?.handleEvent(event)
        return
      case 'CursorNotify':
        if (typeof event.cursorSerial === 'number') {
          this.#emit({ type: 'cursor-shape', serial: event.cursorSerial })
        }
        return
      case 'RRScreenChangeNotify':
      case 'ConfigureNotify':
        void this.#refreshGeometry()
        return
      default:
        return
    }
  }

  async #refreshGeometry(): Promise<void> {
    try {
      const geometry = await readGeometry(this.#connection, this.#sources)
      if (isSameGeometry(geometry, this.#geometry)) return
      this.#geometry = geometry
      this.#emit({ type: 'geometry', geometry })
    } catch {
      // The connection closed: there is nothing to report any more.
    }
  }
}
