/**
 * The agent's outbound WSS connection to its server's relay (`/ws/agent`). It checks the
 * server certificate against the pin before saying anything, introduces itself with the
 * token from redemption, keeps the link alive with heartbeats, and hands validated server
 * messages to its owner. Nothing here decides: consent and ending are the session's.
 */
import { arch, platform, release } from 'node:os'
import { TLSSocket } from 'node:tls'

import { type AgentToServer, parseMessage, PROTOCOL_VERSION, ServerToAgent } from '@tasuke/protocol'
import WebSocket from 'ws'

export const HEARTBEAT_INTERVAL_MS = 10_000

export interface RelayLinkOptions {
  readonly serverUrl: URL
  readonly agentToken: string
  /** SHA-256 of the server certificate (hex, no colons), or null to trust the system CAs. */
  readonly fingerprint: string | null
}

export interface RelayLinkEvents {
  onMessage(message: ServerToAgent): void
  /** The link is gone; `reason` is for people (the close reason or the error). */
  onClose(code: number, reason: string): void
}

export interface RelayLink {
  send(message: AgentToServer): void
  close(): void
}

export function openRelayLink(options: RelayLinkOptions, events: RelayLinkEvents): RelayLink {
  const url = new URL('/ws/agent', options.serverUrl)
  url.protocol = 'wss:'
  const ws = new WebSocket(url, {
    // With a pin the certificate chain is irrelevant: the exact certificate is checked below,
    // before the token leaves.
    rejectUnauthorized: options.fingerprint === null,
    perMessageDeflate: false,
    handshakeTimeout: 15_000,
    maxPayload: 1024 * 1024,
  })
  let heartbeat: NodeJS.Timeout | undefined
  let closed = false
  const finish = (code: number, reason: string) => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    events.onClose(code, reason)
  }
  const send = (message: AgentToServer) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
  }

  ws.on('upgrade', (response) => {
    if (options.fingerprint === null) return
    const socket = response.socket
    const actual =
      socket instanceof TLSSocket
        ? socket.getPeerCertificate().fingerprint256.replace(/:/g, '').toLowerCase()
        : null
    if (actual !== options.fingerprint) {
      ws.terminate()
      finish(1015, 'the server certificate does not match the pin')
    }
  })
  ws.on('open', () => {
    if (closed) return
    send({
      type: 'hello',
      protocolVersion: PROTOCOL_VERSION,
      agentToken: options.agentToken,
      os: { platform: platform(), release: release(), arch: arch() },
    })
    heartbeat = setInterval(() => {
      send({ type: 'heartbeat' })
    }, HEARTBEAT_INTERVAL_MS)
  })
  ws.on('message', (data, isBinary) => {
    if (isBinary) return
    const parsed = parseMessage(ServerToAgent, toText(data))
    if (parsed.ok) events.onMessage(parsed.message)
  })
  ws.on('close', (code, reason) => {
    finish(code, reason.toString('utf8'))
  })
  ws.on('error', (error) => {
    finish(1006, error.message)
  })

  return {
    send,
    close: () => {
      clearInterval(heartbeat)
      ws.close(1000)
    },
  }
}

function toText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data as ArrayBuffer).toString('utf8')
}
