/**
 * The operator's console for session tests, as the viewer will speak it: a WebSocket to
 * `/ws/console` with the admin's cookie, and on every `peer-joined` a new console-side
 * handshake, then sealed messages both ways.
 */
import {
  AgentToConsole,
  type ConsoleToAgent,
  createOpener,
  createSealer,
  decodeFileChunk,
  decodeFrame,
  encodeFileChunk,
  encodeFrame,
  type FileChunk,
  FrameKind,
  type HandshakeResult,
  type Opener,
  parseMessage,
  PeerHandshake,
  type Sealer,
  ServerToConsole,
  startConsoleHandshake,
} from '@tasuke/protocol'
import WebSocket from 'ws'

import type { RelayServer } from './relay-server.js'

export interface ConsolePeer {
  /** Server messages (`peer-joined`, `session-ended`, …) in arrival order. */
  readonly control: ServerToConsole[]
  /** Opened agent messages of the current pairing, and the screen-update sequences. */
  readonly messages: AgentToConsole[]
  readonly updates: number[]
  /** File chunks of the current pairing (SPEC.md F11), in arrival order. */
  readonly chunks: FileChunk[]
  /** Every completed handshake, in order. */
  readonly handshakes: HandshakeResult[]
  /** Opening failures (a frame the console could not open). */
  readonly failures: string[]
  send(message: ConsoleToAgent, isDroppable?: boolean): Promise<void>
  /** Seals and sends a file chunk (reliable). */
  sendChunk(chunk: FileChunk): Promise<void>
  /** Sends raw bytes as a binary frame (for tamper tests). */
  sendRaw(frame: Uint8Array): void
  /** Seals a message and hands the frame to `change` before sending it. */
  sendTampered(message: ConsoleToAgent, change: (frame: Uint8Array) => void): Promise<void>
  readonly closed: Promise<number>
  close(): void
}

const encoder = new TextEncoder()

export function openConsolePeer(server: RelayServer, sessionId: string): ConsolePeer {
  const url = `${server.url.replace('https:', 'wss:')}/ws/console?sessionId=${sessionId}`
  const ws = new WebSocket(url, {
    headers: { cookie: server.admin['cookie'] ?? '', origin: server.url },
    rejectUnauthorized: false,
  })
  const control: ServerToConsole[] = []
  const messages: AgentToConsole[] = []
  const updates: number[] = []
  const chunks: FileChunk[] = []
  const handshakes: HandshakeResult[] = []
  const failures: string[] = []
  let sealer: Sealer | null = null
  let opener: Opener | null = null
  let handshake: ReturnType<typeof startConsoleHandshake> | null = null
  let work: Promise<void> = Promise.resolve()

  const sendHandshake = (message: PeerHandshake) => {
    ws.send(
      encodeFrame({
        kind: FrameKind.Handshake,
        sequence: 0,
        payload: encoder.encode(JSON.stringify(message)),
      }),
    )
  }

  const handleFrame = async (bytes: Uint8Array) => {
    const { header, payload } = decodeFrame(bytes)
    if (header.kind === FrameKind.Handshake) {
      const parsed = parseMessage(PeerHandshake, payload)
      if (!parsed.ok || handshake === null) throw new Error('unexpected handshake frame')
      const console = await handshake
      if (parsed.message.type === 'handshake-commit') {
        sendHandshake(console.handleAgentCommit(parsed.message))
        return
      }
      const keys = await console.handleAgentHello(parsed.message)
      sealer = createSealer(keys.sendKey)
      opener = createOpener(keys.receiveKey)
      handshakes.push(keys)
      return
    }
    if (opener === null) throw new Error('sealed frame before the handshake')
    const opened = await opener.open(bytes)
    if (opened.kind === FrameKind.ScreenUpdate) {
      updates.push(opened.sequence)
      return
    }
    if (opened.kind === FrameKind.FileChunk) {
      chunks.push(decodeFileChunk(opened.plaintext))
      return
    }
    const parsed = parseMessage(AgentToConsole, opened.plaintext)
    if (!parsed.ok) throw new Error(parsed.error.message)
    messages.push(parsed.message)
  }

  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) {
      const parsed = parseMessage(ServerToConsole, data.toString('utf8'))
      if (!parsed.ok) return
      control.push(parsed.message)
      if (parsed.message.type === 'peer-joined') {
        sealer = null
        opener = null
        messages.length = 0
        updates.length = 0
        chunks.length = 0
        handshake = startConsoleHandshake()
      }
      return
    }
    const bytes = new Uint8Array(data)
    work = work
      .then(() => handleFrame(bytes))
      .catch((error: unknown) => {
        failures.push(error instanceof Error ? error.message : String(error))
      })
  })
  const closed = new Promise<number>((resolve) => {
    ws.on('close', (code) => {
      resolve(code)
    })
    ws.on('error', () => undefined)
  })

  const seal = async (message: ConsoleToAgent, isDroppable: boolean) => {
    if (sealer === null) throw new Error('no handshake yet')
    return sealer.seal(FrameKind.Message, encoder.encode(JSON.stringify(message)), { isDroppable })
  }

  return {
    control,
    messages,
    updates,
    chunks,
    handshakes,
    failures,
    async send(message, isDroppable = false) {
      ws.send(await seal(message, isDroppable))
    },
    async sendChunk(chunk) {
      if (sealer === null) throw new Error('no handshake yet')
      ws.send(await sealer.seal(FrameKind.FileChunk, encodeFileChunk(chunk)))
    },
    sendRaw: (frame) => {
      ws.send(frame)
    },
    async sendTampered(message, change) {
      const frame = await seal(message, false)
      change(frame)
      ws.send(frame)
    },
    closed,
    close: () => {
      ws.close()
    },
  }
}
