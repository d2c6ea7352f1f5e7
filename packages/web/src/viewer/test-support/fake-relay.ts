/**
 * A tiny stand-in for the relay in the session browser test: one WebSocket server on loopback
 * whose test script plays the server's control messages and the agent's frames. (The real
 * relay and agent are covered by the e2e suite.)
 */
import type { AddressInfo } from 'node:net'

import { type WebSocket, WebSocketServer } from 'ws'

export interface RelayLink {
  sendText(text: string): void
  sendJson(message: object): void
  sendFrame(bytes: Uint8Array): void
  /** The next binary frame the console sent that `accept` takes (others are dropped). */
  nextFrame(accept?: (frame: Uint8Array) => Promise<boolean> | boolean): Promise<Uint8Array>
  /** Text messages the console sent, parsed. */
  readonly texts: unknown[]
}

export interface FakeRelay {
  readonly url: string
  /** The next console that connects. */
  nextConsole(): Promise<RelayLink>
  close(): Promise<void>
}

const WAIT_MS = 15_000

export async function startFakeRelay(): Promise<FakeRelay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  const waiting: ((link: RelayLink) => void)[] = []
  const arrived: RelayLink[] = []
  server.on('connection', (socket) => {
    const link = linkFor(socket)
    const waiter = waiting.shift()
    if (waiter === undefined) arrived.push(link)
    else waiter(link)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}/ws/console?sessionId=test`,
    nextConsole: () => {
      const link = arrived.shift()
      if (link !== undefined) return Promise.resolve(link)
      return new Promise((resolve) => waiting.push(resolve))
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate()
        server.close(() => {
          resolve()
        })
      }),
  }
}

function linkFor(socket: WebSocket): RelayLink {
  const frames: Uint8Array[] = []
  const texts: unknown[] = []
  let wake: (() => void) | null = null
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) frames.push(new Uint8Array(data))
    else texts.push(JSON.parse(data.toString('utf8')))
    wake?.()
  })
  return {
    texts,
    sendText: (text) => {
      socket.send(text)
    },
    sendJson: (message) => {
      socket.send(JSON.stringify(message))
    },
    sendFrame: (bytes) => {
      socket.send(bytes, { binary: true })
    },
    nextFrame: async (accept = () => true) => {
      const deadline = Date.now() + WAIT_MS
      for (;;) {
        const frame = frames.shift()
        if (frame !== undefined) {
          if (await accept(frame)) return frame
          continue
        }
        if (Date.now() > deadline) throw new Error('no frame from the console')
        await new Promise<void>((resolve) => {
          wake = resolve
          setTimeout(resolve, 200)
        })
      }
    },
  }
}
