/** A `ws` WebSocket as the relay's RelaySocket, and its events fed to the relay. */
import type { RawData } from 'ws'

import type { RelaySocket, SocketEvents } from './socket-port.js'

/** The part of a `ws` WebSocket the relay uses (structural, so any `ws` copy fits). */
export interface WsConnection {
  readonly readyState: number
  readonly bufferedAmount: number
  send(data: string | Uint8Array, options: { binary: boolean }, done: (error?: Error) => void): void
  close(code: number, reason: string): void
  pause(): void
  resume(): void
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown
  on(event: 'close', listener: (code: number) => void): unknown
  on(event: 'error', listener: () => void): unknown
}

const OPEN = 1

export function wsRelaySocket(ws: WsConnection): RelaySocket {
  return {
    get isOpen() {
      return ws.readyState === OPEN
    },
    get bufferedAmount() {
      return ws.bufferedAmount
    },
    send(data, done) {
      ws.send(data, { binary: typeof data !== 'string' }, (error) => {
        done(error ?? undefined)
      })
    },
    close(code, reason) {
      ws.close(code, reason)
    },
    pauseReading: () => {
      ws.pause()
    },
    resumeReading: () => {
      ws.resume()
    },
  }
}

/** Feeds `ws`'s messages and its close to the relay (text as a string, binary as bytes). */
export function feedRelay(ws: WsConnection, events: SocketEvents): void {
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const bytes = toBuffer(data)
    events.message(isBinary ? bytes : bytes.toString('utf8'), isBinary)
  })
  ws.on('close', (code: number) => {
    events.closed(code)
  })
  // An error is followed by 'close'; without a listener it would throw.
  ws.on('error', () => undefined)
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data
  if (Array.isArray(data)) return Buffer.concat(data)
  return Buffer.from(data)
}
