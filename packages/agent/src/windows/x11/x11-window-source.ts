/**
 * The windows of an X11 display, kept current: its own connection watches the root for
 * windows created, destroyed, mapped, unmapped, moved, restacked and reparented (and titles
 * changed), and reads the list again after each burst of changes.
 * @module
 */
import type { XEvent } from 'x11'

import type { Rect } from '../../capture/capture.js'
import {
  type X11Connection,
  closeX11,
  connectX11,
  request,
  syncX11,
  whileConnected,
} from '../../x11/connection.js'
import type { WindowInfo } from '../window-info.js'
import type { WindowSource } from '../window-source.js'
import { internWindowAtoms, readWindowList, type WindowAtoms } from './window-list.js'

const STRUCTURE_NOTIFY_MASK = 1 << 17
const SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
const PROPERTY_CHANGE_MASK = 1 << 22
const POINTER_ROOT = 1
const ATOM_WM_NAME = 39
const ATOM_WM_CLASS = 67
const ATOM_WM_TRANSIENT_FOR = 68

/** Events after which the window list is read again. */
const CHANGES: ReadonlySet<string> = new Set([
  'CreateNotify',
  'DestroyNotify',
  'MapNotify',
  'UnmapNotify',
  'ConfigureNotify',
  'ReparentNotify',
  'GravityNotify',
  'CirculateNotify',
  'PropertyNotify',
])

export class X11WindowSource implements WindowSource {
  readonly #connection: X11Connection
  readonly #atoms: WindowAtoms
  readonly #listeners = new Set<() => void>()
  /** Client windows whose property changes (titles) are watched already. */
  readonly #watched = new Set<number>()
  #windows: readonly WindowInfo[] = []
  #desktop: Rect
  #isDirty = false
  #refreshing: Promise<void> | null = null
  #isClosed = false
  readonly #onEvent = (event: XEvent): void => {
    if (!CHANGES.has(event.name)) return
    // Applications change other properties often (user time, opacity): only these matter.
    if (event.name === 'PropertyNotify' && !this.#watchedAtoms.has(Number(event.atom))) return
    this.#markDirty()
  }
  readonly #watchedAtoms: ReadonlySet<number>

  private constructor(connection: X11Connection, atoms: WindowAtoms) {
    this.#connection = connection
    this.#atoms = atoms
    this.#watchedAtoms = new Set([
      ATOM_WM_NAME,
      ATOM_WM_CLASS,
      ATOM_WM_TRANSIENT_FOR,
      atoms.netWmName,
      atoms.netWmPid,
      atoms.wmState,
    ])
    const screen = connection.display.screen[0]
    this.#desktop = {
      x: 0,
      y: 0,
      width: screen?.pixel_width ?? 0,
      height: screen?.pixel_height ?? 0,
    }
  }

  /** Connects to `display` (default `$DISPLAY`), starts watching and reads the list once. */
  static async open(options: { display?: string } = {}): Promise<X11WindowSource> {
    const connection = await connectX11(options.display)
    try {
      const atoms = await whileConnected(connection, internWindowAtoms(connection.client))
      const source = new X11WindowSource(connection, atoms)
      connection.client.on('event', source.#onEvent)
      connection.client.ChangeWindowAttributes(connection.root, {
        eventMask: SUBSTRUCTURE_NOTIFY_MASK | STRUCTURE_NOTIFY_MASK,
      })
      await source.#refresh()
      return source
    } catch (error) {
      await closeX11(connection)
      throw error
    }
  }

  windows(): readonly WindowInfo[] {
    return this.#windows
  }

  desktop(): Rect {
    return this.#desktop
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async settle(): Promise<void> {
    if (this.#isClosed || this.#connection.isLost()) return
    // Every event the server generated before this round trip arrives before its reply.
    await whileConnected(this.#connection, syncX11(this.#connection))
    while (this.#refreshing !== null) await this.#refreshing
  }

  async keyboardWindow(): Promise<number | null> {
    const { client, root } = this.#connection
    const reply = await whileConnected(
      this.#connection,
      request<unknown>((done) => {
        client.GetInputFocus(done)
      }),
    )
    const focus = focusOf(reply)
    if (focus === null || focus === 0) return null
    if (focus === POINTER_ROOT || focus === root) {
      // Keys go to the window under the pointer.
      const pointer = await whileConnected(
        this.#connection,
        request<{ child: number }>((done) => {
          client.QueryPointer(root, done)
        }),
      )
      return pointer.child === 0 ? null : pointer.child
    }
    return this.#topLevelOf(focus)
  }

  async close(): Promise<void> {
    if (this.#isClosed) return
    this.#isClosed = true
    this.#listeners.clear()
    this.#connection.client.removeListener('event', this.#onEvent)
    await closeX11(this.#connection)
  }

  /** The child of the root that holds `window`. */
  async #topLevelOf(window: number): Promise<number | null> {
    const { client, root } = this.#connection
    let current = window
    for (let depth = 0; depth < 64; depth++) {
      const tree = await whileConnected(
        this.#connection,
        request<{ parent: number }>((done) => {
          client.QueryTree(current, done)
        }),
      )
      if (tree.parent === root) return current
      if (tree.parent === 0) return null
      current = tree.parent
    }
    return null
  }

  #markDirty(): void {
    if (this.#isClosed) return
    this.#isDirty = true
    if (this.#refreshing === null) {
      this.#refreshing = this.#refresh()
        .catch(() => undefined)
        .finally(() => {
          this.#refreshing = null
        })
    }
  }

  /** Reads the list until no change came in while reading; then tells the listeners. */
  async #refresh(): Promise<void> {
    const { client, root } = this.#connection
    let windows: WindowInfo[]
    let desktop: { width: number; height: number }
    do {
      this.#isDirty = false
      ;[windows, desktop] = await whileConnected(
        this.#connection,
        Promise.all([
          readWindowList(client, root, this.#atoms),
          request<{ width: number; height: number }>((done) => {
            client.GetGeometry(root, done)
          }),
        ]),
      )
      // Read through a call: the field changes while the reads above are awaited.
    } while (this.#hasPendingChange())
    if (this.#isClosed) return
    this.#watchTitles(windows)
    this.#windows = windows
    this.#desktop = { x: 0, y: 0, width: desktop.width, height: desktop.height }
    for (const listener of [...this.#listeners]) listener()
  }

  #hasPendingChange(): boolean {
    return this.#isDirty && !this.#isClosed
  }

  /** Titles are properties of client windows: their changes are selected once per window. */
  #watchTitles(windows: readonly WindowInfo[]): void {
    const current = new Set(windows.map((window) => window.client))
    for (const window of current) {
      if (this.#watched.has(window)) continue
      this.#watched.add(window)
      // A window gone meanwhile makes this fail: nothing to watch then.
      this.#connection.client.ChangeWindowAttributes(
        window,
        { eventMask: PROPERTY_CHANGE_MASK },
        () => undefined,
      )
    }
    for (const window of this.#watched) if (!current.has(window)) this.#watched.delete(window)
  }
}

function focusOf(reply: unknown): number | null {
  if (typeof reply !== 'object' || reply === null) return null
  const { focus } = reply as { focus?: unknown }
  return typeof focus === 'number' ? focus : null
}
