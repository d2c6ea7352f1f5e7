/**
 * The agent's outbound WSS connection to its server's relay (`/ws/agent`). It checks the
 * server certificate against the pin before saying anything, introduces itself with the
 * token from redemption, keeps the link alive with heartbeats, and hands validated server
 * messages and well-formed peer frames (SPEC.md F-rules) to its owner. Nothing here decides:
 * consent, the handshake and ending are the session's. `HTTPS_PROXY` is honoured.
 */
import { arch, platform, release } from 'node:os'

import {
  type AgentToServer,
  decodeFrame,
  FRAME_HEADER_BYTES,
  FrameDecodeError,
  MAX_FRAME_PAYLOAD_BYTES,
  parseMessage,
  PROTOCOL_VERSION,
  ServerToAgent,
} from '@tasuke/protocol'
import WebSocket from 'ws'

import { tunnelAgentFor } from '../server-api/proxy-tunnel.js'
import { enforceSocketPin } from '../server-api/socket-pin.js'

export const HEARTBEAT_INTERVAL_MS = 10_000
/** The largest frame either way: the relay's own `maxPayload` (SPEC.md F3). */
export const MAX_FRAME_BYTES = FRAME_HEADER_BYTES + MAX_FRAME_PAYLOAD_BYTES

export interface RelayLinkOptions {
  readonly serverUrl: URL
  readonly agentToken: string
  /** SHA-256 of the server certificate (hex, no colons), or null to trust the system CAs. */
  readonly fingerprint: string | null
}

export interface RelayLinkEvents {
  onMessage(message: ServerToAgent): void
  /** A binary peer frame whose header and length are valid (its payload is not checked here). */
  onFrame(frame: Uint8Array): void
  /** A binary message that is not a frame: the relay never forwards one, so something is wrong. */
  onBadFrame(reason: string): void
  /** The link is gone; `reason` is for people (the close reason or the error). */
  onClose(code: number, reason: string): void
}

export interface RelayLink {
  send(message: AgentToServer): void
  /** Sends one peer frame (already encoded); dropped when the link is not open. */
  sendFrame(frame: Uint8Array): void
  /** Bytes queued on the socket but not yet written to the network. */
  bufferedAmount(): number
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
    maxPayload: MAX_FRAME_BYTES,
    ...proxyAgent(url),
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

  enforceSocketPin(ws, options.fingerprint, () => {
    finish(1015, 'the server certificate does not match the pin')
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
    if (closed) return
    if (!isBinary) {
      const parsed = parseMessage(ServerToAgent, toText(data))
      if (parsed.ok) events.onMessage(parsed.message)
      return
    }
    const bytes = toBytes(data)
    try {
      decodeFrame(bytes)
    } catch (error) {
      if (!(error instanceof FrameDecodeError)) throw error
      events.onBadFrame(error.message)
      return
    }
    events.onFrame(bytes)
  })
  ws.on('close', (code, reason) => {
    finish(code, reason.toString('utf8'))
  })
  ws.on('error', (error) => {
    finish(1006, error.message)
  })

  return {
    send,
    sendFrame: (frame) => {
      if (ws.readyState === WebSocket.OPEN && frame.byteLength <= MAX_FRAME_BYTES) ws.send(frame)
    },
    bufferedAmount: () => ws.bufferedAmount,
    close: () => {
      clearInterval(heartbeat)
      ws.close(1000)
    },
  }
}

function proxyAgent(url: URL): { agent?: WebSocket.ClientOptions['agent'] } {
  // The proxy is chosen for the https URL the wss one stands for (NO_PROXY names hosts).
  const target = new URL(url)
  target.protocol = 'https:'
  const agent = tunnelAgentFor(target)
  return agent === undefined ? {} : { agent }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data
}

function toText(data: WebSocket.RawData): string {
  return Buffer.from(toBytes(data)).toString('utf8')
}
