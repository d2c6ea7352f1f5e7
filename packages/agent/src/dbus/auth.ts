/**
 * The SASL handshake before D-Bus messages: a NUL byte, `AUTH EXTERNAL` with the uid in hex
 * (the bus checks it against the socket's credentials), `OK <guid>`, `BEGIN`. Resolves with
 * whatever bytes arrived after the server's OK line (none, in practice).
 * @module
 */
import type { Duplex } from 'node:stream'

import { DBusProtocolError } from './errors.js'

const MAX_LINE_BYTES = 16 * 1024

export function authenticate(stream: Duplex, uid: number, timeoutMs: number): Promise<Buffer> {
  const hexUid = Buffer.from(String(uid), 'ascii').toString('hex')
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0)
    const timer = setTimeout(() => {
      finish(new DBusProtocolError('the bus did not answer the authentication'))
    }, timeoutMs)
    const finish = (error: Error | null, rest?: Buffer) => {
      clearTimeout(timer)
      stream.off('data', onData)
      stream.off('error', onError)
      stream.off('close', onClose)
      if (error === null) resolve(rest ?? Buffer.alloc(0))
      else reject(error)
    }
    const onError = (error: Error) => {
      finish(error)
    }
    const onClose = () => {
      finish(new DBusProtocolError('the bus closed the connection during authentication'))
    }
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk])
      const end = received.indexOf('\r\n')
      if (end < 0) {
        if (received.length > MAX_LINE_BYTES)
          finish(new DBusProtocolError('authentication line too long'))
        return
      }
      const line = received.subarray(0, end).toString('ascii')
      if (line.startsWith('OK ')) {
        stream.write('BEGIN\r\n')
        finish(null, received.subarray(end + 2))
      } else {
        finish(new DBusProtocolError(`the bus refused the authentication as uid ${uid}: ${line}`))
      }
    }
    stream.on('data', onData)
    stream.on('error', onError)
    stream.on('close', onClose)
    stream.write(`\0AUTH EXTERNAL ${hexUid}\r\n`)
  })
}
