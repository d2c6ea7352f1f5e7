/**
 * The console's socket to the relay (docs/relay.md): JSON control messages validated with
 * `parseMessage`, binary peer frames passed on as bytes, a heartbeat every 10 s, and a new
 * socket after a drop the protocol allows to resume (within the 30 s grace period).
 */
import {
  type ConsoleToServer,
  ServerToConsole,
  canReconnectAfter,
  parseMessage,
} from '@tasuke/protocol'

export const HEARTBEAT_MS = 10_000
/** How long after a drop the relay keeps the session for us (its grace period). */
export const RECONNECT_WINDOW_MS = 30_000
const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000]

/** The part of the browser's WebSocket this class uses (tests may pass their own). */
export type SocketFactory = (url: string) => WebSocket

export interface RelaySocketEvents {
  /** A socket opened; `isReconnect` after a drop. */
  onOpen(isReconnect: boolean): void
  onMessage(message: ServerToConsole): void
  onFrame(bytes: Uint8Array): void
  /** Bytes that arrived on the socket, text or binary (bandwidth figure). */
  onBytes(count: number): void
  /** The socket dropped and a new one is being opened. */
  onReconnecting(): void
  /** The socket is closed for good, with the close code that decided it. */
  onClosed(code: number): void
}

export class RelaySocket {
  readonly #url: string
  readonly #events: RelaySocketEvents
  readonly #createSocket: SocketFactory
  #socket: WebSocket | null = null
  #heartbeat: ReturnType<typeof setInterval> | undefined
  #retry: ReturnType<typeof setTimeout> | undefined
  #droppedAt: number | null = null
  #attempt = 0
  #isClosed = false

  constructor(url: string, events: RelaySocketEvents, createSocket?: SocketFactory) {
    this.#url = url
    this.#events = events
    this.#createSocket = createSocket ?? ((target) => new WebSocket(target))
  }

  open(): void {
    if (this.#isClosed) return
    const socket = this.#createSocket(this.#url)
    socket.binaryType = 'arraybuffer'
    this.#socket = socket
    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return
      const isReconnect = this.#droppedAt !== null
      this.#droppedAt = null
      this.#attempt = 0
      this.#events.onOpen(isReconnect)
    })
    socket.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (socket === this.#socket) this.#handleData(event.data)
    })
    socket.addEventListener('close', (event) => {
      if (socket === this.#socket) this.#handleClose(event.code)
    })
    if (this.#heartbeat === undefined) {
      this.#heartbeat = setInterval(() => {
        this.send({ type: 'heartbeat' })
      }, HEARTBEAT_MS)
    }
  }

  /** Sends a control message; dropped while the socket is not open. */
  send(message: ConsoleToServer): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message))
  }

  sendFrame(bytes: Uint8Array): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(new Uint8Array(bytes))
  }

  /** Bytes given to the socket and not sent yet (0 while none is open): file chunks pace on it. */
  get bufferedAmount(): number {
    return this.#socket?.bufferedAmount ?? 0
  }

  /** Closes for good (1000: the session ends for both, docs/relay.md). */
  close(code = 1000): void {
    if (this.#isClosed) return
    this.#isClosed = true
    clearInterval(this.#heartbeat)
    clearTimeout(this.#retry)
    const socket = this.#socket
    this.#socket = null
    if (socket !== null && socket.readyState !== WebSocket.CLOSED) socket.close(code)
  }

  #handleData(data: unknown): void {
    if (typeof data === 'string') {
      this.#events.onBytes(data.length)
      const parsed = parseMessage(ServerToConsole, data)
      // A message this console does not understand is ignored; the socket stays useful.
      if (parsed.ok) this.#events.onMessage(parsed.message)
      return
    }
    if (data instanceof ArrayBuffer) {
      this.#events.onBytes(data.byteLength)
      this.#events.onFrame(new Uint8Array(data))
    }
  }

  #handleClose(code: number): void {
    if (this.#isClosed) return
    const now = Date.now()
    this.#droppedAt ??= now
    const delay = RECONNECT_DELAYS_MS[Math.min(this.#attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 0
    if (canReconnectAfter(code) && now + delay - this.#droppedAt < RECONNECT_WINDOW_MS) {
      this.#attempt += 1
      this.#events.onReconnecting()
      this.#retry = setTimeout(() => {
        this.open()
      }, delay)
      return
    }
    this.close()
    this.#events.onClosed(code)
  }
}
