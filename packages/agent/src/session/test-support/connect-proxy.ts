/**
 * A tiny HTTP CONNECT proxy for tests (node:http's `connect` event): it tunnels to any
 * target, remembers what it was asked for, and can cut every tunnel at once, as a network
 * loss would.
 */
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { connect } from 'node:net'

export interface ConnectProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** Every `CONNECT` target, in order (`host:port`). */
  readonly requests: string[]
  /** Destroys every open tunnel (both sockets), without a close handshake. */
  cutAll(): void
  close(): Promise<void>
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
  }
  const server = createServer((_request, response) => {
    response.writeHead(405).end()
  })
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const target = request.url ?? ''
    requests.push(target)
    track(client)
    const match = /^(.+):(\d+)$/.exec(target)
    if (match === null) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n')
      return
    }
    const upstream = connect(Number(match[2]), (match[1] ?? '').replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.byteLength > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    track(upstream)
    upstream.once('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    cutAll: () => {
      for (const socket of sockets) socket.resetAndDestroy()
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => {
          resolve()
        })
      }),
  }
}
