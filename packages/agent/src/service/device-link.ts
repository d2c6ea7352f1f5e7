/**
 * The installed agent's socket to its server (`/ws/device`, SPEC.md D1–D2): the server
 * certificate is checked against the pin before the credentials leave, `device-hello` goes
 * first, heartbeats keep it alive both ways (a heartbeat from the server is answered), and a
 * socket silent for too long is dropped so the service reconnects. `HTTPS_PROXY` is honoured.
 * @module
 */
import { arch, platform, release } from 'node:os'

import {
  type DeviceToServer,
  parseMessage,
  PROTOCOL_VERSION,
  ServerToDevice,
} from '@tasuke/protocol'
import WebSocket from 'ws'

import { AGENT_VERSION } from '../install/agent-version.js'
import { tunnelAgentFor } from '../server-api/proxy-tunnel.js'
import { enforceSocketPin } from '../server-api/socket-pin.js'

export interface DeviceLinkOptions {
  readonly serverUrl: URL
  readonly fingerprint: string | null
  readonly deviceId: string
  readonly deviceSecret: string
  /** How often a heartbeat is sent. */
  readonly heartbeatMs?: number
  /** After this long without a word from the server the socket is dropped. */
  readonly silenceMs?: number
}

export interface DeviceLinkEvents {
  onMessage(message: ServerToDevice): void
  onClose(code: number, reason: string): void
}

export interface DeviceLink {
  send(message: DeviceToServer): void
  close(): void
}

/** Our own close code for a socket the server stopped answering on. */
export const SILENT_CLOSE_CODE = 4900
/** The largest message the server sends a device. */
const MAX_MESSAGE_BYTES = 64 * 1024

export function openDeviceLink(options: DeviceLinkOptions, events: DeviceLinkEvents): DeviceLink {
  const url = new URL('/ws/device', options.serverUrl)
  url.protocol = 'wss:'
  // The proxy is chosen for the https URL the wss one stands for (NO_PROXY names hosts).
  const target = new URL(url)
  target.protocol = 'https:'
  const tunnel = tunnelAgentFor(target)
  const ws = new WebSocket(url, {
    rejectUnauthorized: options.fingerprint === null,
    perMessageDeflate: false,
    handshakeTimeout: 15_000,
    maxPayload: MAX_MESSAGE_BYTES,
    ...(tunnel === undefined ? {} : { agent: tunnel }),
  })
  const heartbeatMs = options.heartbeatMs ?? 10_000
  const silenceMs = options.silenceMs ?? 45_000
  let heartbeat: NodeJS.Timeout | undefined
  let silence: NodeJS.Timeout | undefined
  let closed = false
  const finish = (code: number, reason: string) => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    clearTimeout(silence)
    events.onClose(code, reason)
  }
  const send = (message: DeviceToServer) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
  }
  const heard = () => {
    clearTimeout(silence)
    silence = setTimeout(() => {
      ws.terminate()
      finish(SILENT_CLOSE_CODE, 'the server stopped answering')
    }, silenceMs)
  }

  enforceSocketPin(ws, options.fingerprint, () => {
    finish(1015, 'the server certificate does not match the pin')
  })
  ws.on('open', () => {
    if (closed) return
    send({
      type: 'device-hello',
      protocolVersion: PROTOCOL_VERSION,
      deviceId: options.deviceId,
      deviceSecret: options.deviceSecret,
      agentVersion: AGENT_VERSION,
      os: { platform: platform(), release: release(), arch: arch() },
    })
    heard()
    heartbeat = setInterval(() => {
      send({ type: 'heartbeat' })
    }, heartbeatMs)
  })
  ws.on('message', (data, isBinary) => {
    if (closed || isBinary) return
    heard()
    const parsed = parseMessage(ServerToDevice, toText(data))
    if (!parsed.ok) return
    if (parsed.message.type === 'heartbeat') send({ type: 'heartbeat' })
    events.onMessage(parsed.message)
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
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate()
      else ws.close(1000)
      finish(1000, 'closed by the device')
    },
  }
}

function toText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}
