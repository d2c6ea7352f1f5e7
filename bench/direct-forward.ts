/**
 * The baseline for the relay's throughput: a bare WebSocket server on loopback that hands
 * every binary message from its first client to its second, in its own process like the
 * relay. Prints its port, then runs until its parent ends it (or for at most 5 minutes).
 */
import { WebSocketServer, type WebSocket } from 'ws'

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
const clients: WebSocket[] = []
server.on('connection', (ws) => {
  clients.push(ws)
  ws.on('message', (data, isBinary) => {
    const [from, to] = clients
    if (ws !== from || to === undefined) return
    // The same back-pressure rule as the relay: stop reading while the reader lags 4 MiB.
    to.send(data, { binary: isBinary })
    if (to.bufferedAmount > 4 * 1024 * 1024) {
      from.pause()
      const drain = setInterval(() => {
        if (to.bufferedAmount < 1024 * 1024) {
          clearInterval(drain)
          from.resume()
        }
      }, 1)
    }
  })
})
server.on('listening', () => {
  const address = server.address()
  if (typeof address === 'object' && address !== null) process.stdout.write(`${address.port}\n`)
})
setTimeout(() => process.exit(0), 300_000).unref()
