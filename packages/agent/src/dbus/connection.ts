/**
 * One connection to a message bus: authenticates, says Hello, then sends method calls and
 * signals and answers calls to the objects it exports. Whatever the peer sends is validated;
 * a malformed message closes the connection (onClose gets the reason), it never throws out.
 * @module
 */
import type { Duplex } from 'node:stream'

import { authenticate } from './auth.js'
import { DBusCallError, DBusProtocolError } from './errors.js'
import type { ExportedInterface } from './exported-object.js'
import {
  type DBusMessage,
  decodeMessage,
  encodeMessage,
  frameLength,
  MessageFlag,
  type MethodCall,
  type Signal,
} from './message.js'
import { answerCall } from './object-dispatch.js'
import { asString, type DBusValue } from './values.js'

export const DEFAULT_CALL_TIMEOUT_MS = 10_000
const CLOSE_TIMEOUT_MS = 2_000

export interface CallOptions {
  readonly destination: string
  readonly path: string
  readonly interface: string
  readonly member: string
  readonly signature?: string
  readonly body?: readonly DBusValue[]
  readonly timeoutMs?: number
}

export interface SignalOptions {
  readonly path: string
  readonly interface: string
  readonly member: string
  readonly signature?: string
  readonly body?: readonly DBusValue[]
  readonly destination?: string
}

interface Pending {
  resolve(body: readonly DBusValue[]): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

export class DBusConnection {
  readonly #stream: Duplex
  readonly #pending = new Map<number, Pending>()
  readonly #objects = new Map<string, readonly ExportedInterface[]>()
  readonly #signalHandlers = new Set<(signal: Signal) => void>()
  readonly #closeHandlers = new Set<(reason: Error | null) => void>()
  #received: Buffer = Buffer.alloc(0)
  #serial = 0
  #closed: Error | null | undefined = undefined
  #uniqueName = ''

  private constructor(stream: Duplex) {
    this.#stream = stream
  }

  /** Authenticates as `uid` on `stream` (a socket to the bus) and says Hello. */
  static async open(
    stream: Duplex,
    uid: number,
    timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
  ): Promise<DBusConnection> {
    const connection = new DBusConnection(stream)
    try {
      const rest = await authenticate(stream, uid, timeoutMs)
      connection.#listen(rest)
      const [name] = await connection.call({
        destination: 'org.freedesktop.DBus',
        path: '/org/freedesktop/DBus',
        interface: 'org.freedesktop.DBus',
        member: 'Hello',
        timeoutMs,
      })
      connection.#uniqueName = asString(name, 'Hello reply')
      return connection
    } catch (error) {
      stream.destroy()
      throw error
    }
  }

  /** The name the bus gave this connection (`:1.42`). */
  get uniqueName(): string {
    return this.#uniqueName
  }

  get isOpen(): boolean {
    return this.#closed === undefined
  }

  /** Calls a method and resolves with the reply's values; an error reply rejects (DBusCallError). */
  call(options: CallOptions): Promise<readonly DBusValue[]> {
    if (this.#closed !== undefined) {
      return Promise.reject(this.#closed ?? new DBusProtocolError('connection closed'))
    }
    const serial = this.#nextSerial()
    const message: MethodCall = {
      type: 'method-call',
      serial,
      flags: 0,
      destination: options.destination,
      path: options.path,
      interface: options.interface,
      member: options.member,
      signature: options.signature ?? '',
      body: options.body ?? [],
    }
    let bytes: Uint8Array
    try {
      bytes = encodeMessage(message)
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new DBusProtocolError(String(error)))
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(serial)
        reject(
          new DBusCallError('org.freedesktop.DBus.Error.NoReply', `${options.member} timed out`),
        )
      }, options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS)
      this.#pending.set(serial, { resolve, reject, timer })
      this.#stream.write(bytes)
    })
  }

  /** Sends a signal (broadcast unless `destination` is given). */
  emitSignal(options: SignalOptions): void {
    if (this.#closed !== undefined) return
    this.#stream.write(
      encodeMessage({
        type: 'signal',
        serial: this.#nextSerial(),
        flags: MessageFlag.NoReplyExpected,
        path: options.path,
        interface: options.interface,
        member: options.member,
        signature: options.signature ?? '',
        body: options.body ?? [],
        ...(options.destination === undefined ? {} : { destination: options.destination }),
      }),
    )
  }

  /** Answers calls to `path` from `interfaces` until the returned function is called. */
  exportObject(path: string, interfaces: readonly ExportedInterface[]): () => void {
    this.#objects.set(path, interfaces)
    return () => {
      if (this.#objects.get(path) === interfaces) this.#objects.delete(path)
    }
  }

  /** Signals that reach this connection (those sent to it, or matched by AddMatch). */
  onSignal(handler: (signal: Signal) => void): () => void {
    this.#signalHandlers.add(handler)
    return () => this.#signalHandlers.delete(handler)
  }

  /** Called once when the connection ends: null when closed here, else why. */
  onClose(handler: (reason: Error | null) => void): () => void {
    const closed = this.#closed
    if (closed !== undefined) {
      queueMicrotask(() => {
        handler(closed)
      })
      return () => undefined
    }
    this.#closeHandlers.add(handler)
    return () => this.#closeHandlers.delete(handler)
  }

  async close(): Promise<void> {
    if (this.#closed !== undefined) return
    const ended = new Promise<void>((resolve) => {
      this.#stream.once('close', () => {
        resolve()
      })
    })
    this.#shutDown(null)
    this.#stream.end()
    // A peer that never closes its side does not keep this waiting.
    const timer = setTimeout(() => this.#stream.destroy(), CLOSE_TIMEOUT_MS)
    await ended
    clearTimeout(timer)
  }

  #nextSerial(): number {
    this.#serial = this.#serial >= 0xffffffff ? 1 : this.#serial + 1
    return this.#serial
  }

  #listen(rest: Buffer): void {
    this.#stream.on('data', (chunk: Buffer) => {
      this.#receive(chunk)
    })
    this.#stream.on('error', (error) => {
      this.#shutDown(error)
    })
    this.#stream.on('close', () => {
      this.#shutDown(new DBusProtocolError('the bus closed the connection'))
    })
    if (rest.length > 0) this.#receive(rest)
  }

  #receive(chunk: Buffer): void {
    if (this.#closed !== undefined) return
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk])
    try {
      for (;;) {
        const length = frameLength(this.#received)
        if (length === null || this.#received.length < length) return
        const bytes = this.#received.subarray(0, length)
        this.#received = this.#received.subarray(length)
        this.#handle(decodeMessage(new Uint8Array(bytes)))
      }
    } catch (error) {
      this.#shutDown(error instanceof Error ? error : new DBusProtocolError(String(error)))
      this.#stream.destroy()
    }
  }

  #handle(message: DBusMessage): void {
    switch (message.type) {
      case 'method-return':
      case 'error': {
        const pending = this.#pending.get(message.replySerial)
        if (pending === undefined) return
        this.#pending.delete(message.replySerial)
        clearTimeout(pending.timer)
        if (message.type === 'method-return') pending.resolve(message.body)
        else {
          const [text] = message.body
          pending.reject(new DBusCallError(message.errorName, typeof text === 'string' ? text : ''))
        }
        return
      }
      case 'signal':
        for (const handler of [...this.#signalHandlers]) {
          try {
            handler(message)
          } catch {
            // A subscriber's mistake must not take the connection down.
          }
        }
        return
      case 'method-call':
        void this.#answer(message)
        return
    }
  }

  async #answer(call: MethodCall): Promise<void> {
    const reply = await answerCall(this.#objects, call)
    if ((call.flags & MessageFlag.NoReplyExpected) !== 0 || this.#closed !== undefined) return
    const common = {
      serial: this.#nextSerial(),
      flags: MessageFlag.NoReplyExpected,
      replySerial: call.serial,
      ...(call.sender === undefined ? {} : { destination: call.sender }),
    }
    let bytes: Uint8Array
    try {
      bytes =
        reply.type === 'return'
          ? encodeMessage({
              type: 'method-return',
              ...common,
              signature: reply.signature,
              body: reply.body,
            })
          : encodeMessage({
              type: 'error',
              ...common,
              errorName: reply.errorName,
              signature: 's',
              body: [reply.message],
            })
    } catch (error) {
      // Our own handler returned values that do not fit its signature: say so instead.
      const message = `reply does not fit its signature: ${(error as Error).message}`
      bytes = encodeMessage({
        type: 'error',
        ...common,
        errorName: 'org.freedesktop.DBus.Error.Failed',
        signature: 's',
        body: [message],
      })
    }
    this.#stream.write(bytes)
  }

  #shutDown(reason: Error | null): void {
    if (this.#closed !== undefined) return
    this.#closed = reason
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer)
      pending.reject(reason ?? new DBusProtocolError('connection closed'))
    }
    this.#pending.clear()
    for (const handler of [...this.#closeHandlers]) handler(reason)
    this.#closeHandlers.clear()
  }
}
