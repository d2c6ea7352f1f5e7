/**
 * An in-memory socket pair for deterministic relay tests: the relay holds `socket`, the test
 * plays the peer through `peer`. The peer reads on its own unless told to stop, so a peer
 * that never reads makes the relay's queued bytes grow exactly as a stalled network would.
 */
import type { RelaySocket, SocketEvents } from './socket-port.js'

export interface MemoryPeer {
  /** Text messages received, parsed as JSON. */
  readonly messages: unknown[]
  /** Binary messages received. */
  readonly frames: Uint8Array[]
  /** Set once either side closed. */
  readonly closedWith: { code: number; reason: string } | null
  /** Whether the relay paused reading this peer. */
  readonly isPausedByRelay: boolean
  /** Messages this peer sent that wait because the relay paused reading. */
  readonly waitingToSend: number
  sendText(text: string): void
  sendJson(message: unknown): void
  sendBinary(bytes: Uint8Array): void
  /** Stops taking messages: the relay's sends stay queued. */
  stopReading(): void
  /** Takes every queued message and keeps reading. */
  startReading(): void
  /** The peer closes (e.g. 1006 for a network loss). */
  close(code: number): void
}

export interface MemorySocketPair {
  readonly socket: RelaySocket
  readonly peer: MemoryPeer
  /** Connects the relay's handlers for this socket (what the transport does). */
  attach(events: SocketEvents): void
}

type Outgoing = { data: string | Uint8Array; done: (error?: Error) => void }

export function createMemorySocketPair(): MemorySocketPair {
  let events: SocketEvents | null = null
  let open = true
  let reading = true
  let paused = false
  let closedWith: { code: number; reason: string } | null = null
  const outbox: Outgoing[] = []
  const inbox: Array<{ data: string | Uint8Array; isBinary: boolean }> = []
  const messages: unknown[] = []
  const frames: Uint8Array[] = []

  const deliver = (item: Outgoing) => {
    if (typeof item.data === 'string') messages.push(JSON.parse(item.data))
    else frames.push(item.data)
    item.done()
  }
  const flushInbox = () => {
    while (!paused && open && inbox.length > 0) {
      const next = inbox.shift()
      if (next !== undefined) events?.message(next.data, next.isBinary)
    }
  }
  const fromPeer = (data: string | Uint8Array, isBinary: boolean) => {
    if (!open) return
    inbox.push({ data, isBinary })
    flushInbox()
  }
  const finish = (code: number, reason: string) => {
    if (!open) return
    open = false
    closedWith = { code, reason }
    for (const item of outbox.splice(0)) item.done(new Error('socket closed'))
    events?.closed(code)
  }

  const socket: RelaySocket = {
    get isOpen() {
      return open
    },
    get bufferedAmount() {
      return outbox.reduce((sum, item) => sum + size(item.data), 0)
    },
    send(data, done) {
      if (!open) {
        done(new Error('socket closed'))
        return
      }
      if (reading) deliver({ data, done })
      else outbox.push({ data, done })
    },
    close: (code, reason) => {
      finish(code, reason)
    },
    pauseReading() {
      paused = true
    },
    resumeReading() {
      paused = false
      flushInbox()
    },
  }

  const peer: MemoryPeer = {
    messages,
    frames,
    get closedWith() {
      return closedWith
    },
    get isPausedByRelay() {
      return paused
    },
    get waitingToSend() {
      return inbox.length
    },
    sendText: (text) => {
      fromPeer(text, false)
    },
    sendJson: (message) => {
      fromPeer(JSON.stringify(message), false)
    },
    sendBinary: (bytes) => {
      fromPeer(bytes, true)
    },
    stopReading() {
      reading = false
    },
    startReading() {
      // In order: what the relay sends while the backlog drains queues behind it.
      for (let item = outbox.shift(); item !== undefined; item = outbox.shift()) deliver(item)
      reading = true
    },
    close: (code) => {
      finish(code, '')
    },
  }

  return {
    socket,
    peer,
    attach(handlers) {
      events = handlers
    },
  }
}

function size(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
}
