/**
 * A TCP forwarder on loopback that a test can cut: every connection through it is dropped at
 * once, as a network outage would, while the forwarder keeps accepting new ones. TLS passes
 * through untouched, so certificate pinning still sees the real server.
 */
import { type Server, type Socket, connect, createServer } from 'node:net'

export interface TcpProxy {
  /** `https://127.0.0.1:<port>` of the forwarder. */
  readonly url: string
  /** Destroys every open connection (both sides), like a network that went away. */
  cutAll(): number
  close(): Promise<void>
}

export async function startTcpProxy(target: URL): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname)
    track(client)
    track(upstream)
    client.pipe(upstream)
    upstream.pipe(client)
    client.on('error', () => upstream.destroy())
    upstream.on('error', () => client.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `https://127.0.0.1:${port}`,
    cutAll() {
      const count = sockets.size
      for (const socket of sockets) socket.resetAndDestroy()
      return count
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) =>
        server.close(() => {
          resolve()
        }),
      )
    },
  }
}
