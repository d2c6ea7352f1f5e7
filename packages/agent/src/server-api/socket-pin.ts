/**
 * Certificate pinning for the agent's WebSockets: the server's certificate is checked against
 * the pinned SHA-256 fingerprint as soon as the TLS upgrade answers, before anything (a token,
 * a device secret) is sent on the socket.
 */
import { TLSSocket } from 'node:tls'

import type WebSocket from 'ws'

/**
 * Terminates `ws` and calls `onMismatch` when the server's certificate is not the one pinned
 * by `fingerprint` (lower-case hex, no colons); with no pin, the usual CA checks apply.
 */
export function enforceSocketPin(
  ws: WebSocket,
  fingerprint: string | null,
  onMismatch: () => void,
): void {
  if (fingerprint === null) return
  ws.on('upgrade', (response) => {
    const socket = response.socket
    const actual =
      socket instanceof TLSSocket
        ? socket.getPeerCertificate().fingerprint256.replace(/:/g, '').toLowerCase()
        : null
    if (actual !== fingerprint) {
      ws.terminate()
      onMismatch()
    }
  })
}
