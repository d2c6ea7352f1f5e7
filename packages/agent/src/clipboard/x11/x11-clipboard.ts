/**
 * The CLIPBOARD selection on an X11 display, on a connection of its own with a hidden window.
 * Reading: XFIXES tells us when another program takes the clipboard; we ask the owner for
 * UTF8_STRING (STRING as a fallback) into a property of our window and read it. Writing: we
 * become the owner and answer every program that asks (TARGETS, UTF8_STRING, STRING, TEXT).
 * Transfers too large for one property (INCR) or for the protocol are refused with a log line.
 */
import type { Fixes, XEvent } from 'x11'

import {
  closeX11,
  connectX11,
  request,
  requireExtension,
  syncX11,
  whileConnected,
  type X11Connection,
} from '../../x11/connection.js'
import type { ClipboardBackend } from '../clipboard.js'
import {
  CLIPBOARD_MAX_BYTES,
  checkClipboardText,
  decodeSelectionText,
  type SelectionEncoding,
} from '../clipboard-text.js'
import { OFFERED_TARGETS, type OfferedTarget, selectionReply } from '../selection-reply.js'

/** Core event codes (X11 protocol, chapter 11). */
const PROPERTY_NOTIFY = 28
const SELECTION_CLEAR = 29
const SELECTION_REQUEST = 30
const SELECTION_NOTIFY = 31
const PROPERTY_CHANGE_MASK = 0x00400000
const INPUT_ONLY = 2
const REPLACE = 0
const APPEND = 2
const ANY_PROPERTY_TYPE = 0
const NONE = 0
/** An owner that does not answer a conversion within this long is given up on. */
const CONVERSION_TIMEOUT_MS = 2_000
/** How long we wait for the server to tell us its time (a zero-length property append). */
const SERVER_TIME_TIMEOUT_MS = 2_000

const ATOM_NAMES = [
  'CLIPBOARD',
  'UTF8_STRING',
  'STRING',
  'TEXT',
  'TARGETS',
  'ATOM',
  'INCR',
  'TASUKE_CLIPBOARD',
  'TASUKE_TIME',
] as const
type AtomName = (typeof ATOM_NAMES)[number]
type Atoms = Readonly<Record<AtomName, number>>

export class X11ClipboardError extends Error {
  override readonly name = 'X11ClipboardError'
}

/** A number field of an event, or -1 when the event has none. */
function field(event: XEvent, name: string): number {
  const value = event[name]
  return typeof value === 'number' ? value : -1
}

export class X11Clipboard implements ClipboardBackend {
  readonly #connection: X11Connection
  readonly #atoms: Atoms
  readonly #window: number
  readonly #log: (line: string) => void
  readonly #fixesEvent: number
  readonly #listeners = new Set<(text: string) => void>()
  /** The text we own the clipboard with, and since when (server time); null when we do not. */
  #owned: { readonly text: string; readonly since: number } | null = null
  #isClosed = false
  #isReading = false
  #readWanted: number | null = null
  #conversion: ((property: number) => void) | null = null
  readonly #timeWaiters: ((time: number) => void)[] = []

  private constructor(
    connection: X11Connection,
    atoms: Atoms,
    window: number,
    fixes: Fixes,
    log: (line: string) => void,
  ) {
    this.#connection = connection
    this.#atoms = atoms
    this.#window = window
    this.#fixesEvent = fixes.firstEvent
    this.#log = log
    connection.client.on('event', this.#handleEvent)
  }

  /** Connects to `$DISPLAY` (or `display`) and starts watching the clipboard. */
  static async open(log: (line: string) => void, display?: string): Promise<X11Clipboard> {
    const connection = await connectX11(display)
    try {
      const fixes = await requireExtension(connection, 'fixes')
      if (fixes === null) throw new X11ClipboardError('the X display has no XFIXES extension')
      const { client, root } = connection
      const atoms = await internAtoms(connection)
      const window = client.AllocID()
      client.CreateWindow(window, root, -10, -10, 1, 1, 0, 0, INPUT_ONLY, 0, {
        eventMask: PROPERTY_CHANGE_MASK,
      })
      const clipboard = new X11Clipboard(connection, atoms, window, fixes, log)
      fixes.SelectSelectionInput(
        window,
        atoms.CLIPBOARD,
        fixes.SelectionEventMask.SetSelectionOwner,
      )
      await syncX11(connection)
      return clipboard
    } catch (error) {
      await closeX11(connection)
      throw error
    }
  }

  onText(listener: (text: string) => void): () => void {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }

  async setText(text: string): Promise<void> {
    const checked = checkClipboardText(text)
    if (!checked.ok && checked.reason === 'too-long') {
      throw new X11ClipboardError(`clipboard text of ${text.length} characters is too long`)
    }
    if (this.#isClosed) throw new X11ClipboardError('the clipboard is closed')
    const { client } = this.#connection
    // ICCCM: take a selection with a real timestamp, never CurrentTime.
    const since = await this.#serverTime()
    this.#owned = { text, since }
    client.SetSelectionOwner(this.#window, this.#atoms.CLIPBOARD, since)
    const owner = await whileConnected(
      this.#connection,
      request<number>((done) => {
        client.GetSelectionOwner(this.#atoms.CLIPBOARD, done)
      }),
    )
    if (owner !== this.#window) {
      if (this.#owned.since === since) this.#owned = null
      throw new X11ClipboardError('another program holds the clipboard')
    }
  }

  async close(): Promise<void> {
    if (this.#isClosed) return
    this.#isClosed = true
    this.#listeners.clear()
    this.#owned = null
    this.#conversion?.(NONE)
    for (const waiter of this.#timeWaiters.splice(0)) waiter(0)
    this.#connection.client.removeListener('event', this.#handleEvent)
    if (!this.#connection.isLost()) this.#connection.client.DestroyWindow(this.#window)
    await closeX11(this.#connection)
  }

  readonly #handleEvent = (event: XEvent): void => {
    if (this.#isClosed) return
    if (event.type === this.#fixesEvent && event.name === 'SelectionNotify') {
      this.#handleOwnerChange(event)
      return
    }
    switch (event.type) {
      case PROPERTY_NOTIFY:
        if (
          field(event, 'wid') === this.#window &&
          field(event, 'atom') === this.#atoms.TASUKE_TIME
        ) {
          this.#timeWaiters.shift()?.(field(event, 'time'))
        }
        return
      case SELECTION_NOTIFY:
        if (
          field(event, 'requestor') === this.#window &&
          field(event, 'selection') === this.#atoms.CLIPBOARD
        ) {
          this.#conversion?.(field(event, 'property'))
        }
        return
      case SELECTION_REQUEST:
        this.#answer(event)
        return
      case SELECTION_CLEAR:
        if (field(event, 'selection') === this.#atoms.CLIPBOARD) this.#owned = null
        return
      default:
        return // every other event on this connection is of no interest here
    }
  }

  /** Another program took the clipboard (or we did: that is the operator's text, not news). */
  #handleOwnerChange(event: XEvent): void {
    const owner = field(event, 'owner')
    if (field(event, 'selection') !== this.#atoms.CLIPBOARD) return
    if (owner === this.#window || owner === NONE) return
    this.#readWanted = field(event, 'timestamp')
    if (!this.#isReading) void this.#readLoop()
  }

  /** Reads the newest clipboard; copies made while a read runs collapse into one more read. */
  async #readLoop(): Promise<void> {
    this.#isReading = true
    try {
      while (this.#readWanted !== null && !this.#isClosed) {
        const time = this.#readWanted
        this.#readWanted = null
        const text = await this.#readClipboard(time)
        // A close meanwhile cleared the listeners: nothing is told after it.
        if (text !== null) for (const listener of [...this.#listeners]) listener(text)
      }
    } catch (error) {
      if (!this.#isClosed) this.#log(`clipboard: reading failed: ${describe(error)}`)
    } finally {
      this.#isReading = false
    }
  }

  async #readClipboard(time: number): Promise<string | null> {
    for (const encoding of ['UTF8_STRING', 'STRING'] as const) {
      const property = await this.#convert(encoding, time)
      if (property === NONE) continue // the owner does not offer this form
      return this.#readProperty(property, encoding)
    }
    return null
  }

  /** Asks the owner for the clipboard as `target`; resolves the property it wrote, or None. */
  #convert(target: SelectionEncoding, time: number): Promise<number> {
    const { client } = this.#connection
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#log(`clipboard: the owner did not answer a request for ${target}`)
        settle(NONE)
      }, CONVERSION_TIMEOUT_MS)
      const settle = (property: number) => {
        clearTimeout(timer)
        this.#conversion = null
        resolve(property)
      }
      this.#conversion = settle
      client.ConvertSelection(
        this.#window,
        this.#atoms.CLIPBOARD,
        this.#atoms[target],
        this.#atoms.TASUKE_CLIPBOARD,
        time,
      )
    })
  }

  async #readProperty(property: number, asked: SelectionEncoding): Promise<string | null> {
    const { client } = this.#connection
    // One unit more than the most a text may take, so a longer one shows as bytes left over.
    const longs = Math.ceil(CLIPBOARD_MAX_BYTES / 4) + 1
    const reply = await whileConnected(
      this.#connection,
      request<{ type: number; format: number; bytesAfter: number; data: Buffer }>((done) => {
        client.GetProperty(0, this.#window, property, ANY_PROPERTY_TYPE, 0, longs, done)
      }),
    )
    if (reply.type === this.#atoms.INCR) {
      // Deleting the property is what starts an incremental transfer (ICCCM 2.7.2): it stays,
      // so the owner never sends the pieces; the next owner's answer replaces it.
      this.#log('clipboard: copied text too large for one transfer (INCR) was not shared')
      return null
    }
    client.DeleteProperty(this.#window, property)
    if (reply.bytesAfter > 0) {
      this.#log('clipboard: copied text longer than 16,384 characters was not shared')
      return null
    }
    const encoding = this.#encodingOf(reply.type) ?? asked
    if (reply.format !== 8) {
      this.#log('clipboard: the owner answered with something that is not text')
      return null
    }
    const decoded = decodeSelectionText(encoding, reply.data)
    if (decoded.ok) return decoded.text
    if (decoded.reason === 'too-long') {
      this.#log('clipboard: copied text longer than 16,384 characters was not shared')
    }
    return null
  }

  #encodingOf(type: number): SelectionEncoding | null {
    if (type === this.#atoms.UTF8_STRING) return 'UTF8_STRING'
    if (type === this.#atoms.STRING) return 'STRING'
    return null
  }

  /** A program asks for our text in one form: write it on its window, then tell it where. */
  #answer(event: XEvent): void {
    const requestor = field(event, 'requestor')
    const selection = field(event, 'selection')
    const target = field(event, 'target')
    const time = field(event, 'time')
    // ICCCM: an obsolete requestor names no property; then the target's name is used.
    const property = field(event, 'property') === NONE ? target : field(event, 'property')
    const owned = this.#owned
    const offered = this.#offeredTarget(target)
    const isCurrent = owned !== null && (time === 0 || time >= owned.since)
    const { client } = this.#connection
    let answered = NONE
    if (selection === this.#atoms.CLIPBOARD && isCurrent && offered !== null) {
      const reply = selectionReply(offered, owned.text)
      if (reply.format === 32) {
        const atoms = reply.atoms.map((name) => this.#atoms[name])
        client.ChangeProperty(REPLACE, requestor, property, this.#atoms.ATOM, 32, atoms)
      } else {
        const type = this.#atoms[reply.type]
        client.ChangeProperty(REPLACE, requestor, property, type, 8, reply.data)
      }
      answered = property
    }
    client.SendEvent(requestor, 0, 0, {
      name: 'SelectionNotify',
      time,
      requestor,
      selection,
      target,
      property: answered,
    })
  }

  #offeredTarget(atom: number): OfferedTarget | null {
    return OFFERED_TARGETS.find((candidate) => this.#atoms[candidate] === atom) ?? null
  }

  /** The server's current time: the timestamp of a zero-length append to our own window. */
  #serverTime(): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.#timeWaiters.indexOf(done)
        if (index >= 0) this.#timeWaiters.splice(index, 1)
        reject(new X11ClipboardError('the X server did not tell its time'))
      }, SERVER_TIME_TIMEOUT_MS)
      const done = (time: number) => {
        clearTimeout(timer)
        if (this.#isClosed) reject(new X11ClipboardError('the clipboard is closed'))
        else resolve(time)
      }
      this.#timeWaiters.push(done)
      this.#connection.client.ChangeProperty(
        APPEND,
        this.#window,
        this.#atoms.TASUKE_TIME,
        this.#atoms.STRING,
        8,
        Buffer.alloc(0),
      )
    })
  }
}

/** The atoms the X protocol predefines (STRING 31, ATOM 4): never re-asked. */
const PREDEFINED: ReadonlySet<AtomName> = new Set(['STRING', 'ATOM'])

/**
 * Asks the server for every atom. The `x11` package keeps one atom cache for every connection
 * in the process and answers from it without asking; but an X server that lost its last client
 * resets and forgets its atoms, so a cached number may now mean nothing (BadAtom) or another
 * name. The clipboard switched off and on again, alone on a display, would hit exactly that.
 */
async function internAtoms(connection: X11Connection): Promise<Atoms> {
  const { client } = connection
  const atoms: Partial<Record<AtomName, number>> = {}
  for (const name of ATOM_NAMES) {
    if (!PREDEFINED.has(name)) Reflect.deleteProperty(client.atoms, name)
    atoms[name] = await whileConnected(
      connection,
      request<number>((done) => {
        client.InternAtom(false, name, done)
      }),
    )
  }
  return atoms as Atoms
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
