/**
 * The operator's side of a session written with the protocol package alone, for tests that
 * must send what the console page never would (a hostile file name, say) to the real agent:
 * it joins with the admin's cookie, runs the console's end-to-end handshake, seals messages
 * and opens what the agent sends. It replaces any console page open on the same session.
 */
import {
  AgentToConsole,
  type ConsoleToAgent,
  FrameKind,
  type HandshakeCommit,
  type Opener,
  PeerHandshake,
  type Sealer,
  createOpener,
  createSealer,
  decodeFrame,
  encodeFrame,
  parseMessage,
  startConsoleHandshake,
} from '@tasuke/protocol'
import WebSocket from 'ws'

import type { AdminApi } from './company.js'

const WAIT_MS = 30_000
const encoder = new TextEncoder()

export interface ConsolePeer {
  /** The six digits both sides show once the handshake is done. */
  readonly verificationCode: string
  send(message: ConsoleToAgent): Promise<void>
  /** Waits for a sealed message from the agent that `accept` takes (others are dropped). */
  nextSealed<T extends AgentToConsole>(
    accept: (message: AgentToConsole) => message is T,
  ): Promise<T>
  close(): void
}

/** Joins `sessionId` as its console, once the agent is there and agreed keys with us. */
export async function connectConsolePeer(
  serverUrl: string,
  admin: AdminApi,
  sessionId: string,
): Promise<ConsolePeer> {
  const ws = new WebSocket(
    `${serverUrl.replace('https:', 'wss:')}/ws/console?sessionId=${encodeURIComponent(sessionId)}`,
    {
      rejectUnauthorized: false,
      headers: { cookie: admin.headers['cookie'] ?? '', origin: serverUrl },
    },
  )
  const frames: Uint8Array[] = []
  let wake: () => void = () => undefined
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) frames.push(new Uint8Array(data))
    wake()
  })
  const nextFrame = async (): Promise<Uint8Array> => {
    const deadline = Date.now() + WAIT_MS
    for (;;) {
      const frame = frames.shift()
      if (frame !== undefined) return frame
      if (Date.now() > deadline) throw new Error('no frame from the agent in time')
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, 200)
      })
    }
  }
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve()
    })
    ws.once('error', reject)
  })

  const handshake = await startConsoleHandshake()
  // The agent commits when it sees us join; earlier sealed frames belong to another console.
  let commit: HandshakeCommit | null = null
  while (commit === null) {
    const frame = decodeFrame(await nextFrame())
    if (frame.header.kind !== FrameKind.Handshake) continue
    const parsed = parseMessage(PeerHandshake, frame.payload)
    if (parsed.ok && parsed.message.type === 'handshake-commit') commit = parsed.message
  }
  ws.send(handshakeFrame(handshake.handleAgentCommit(commit)))
  const reveal = parseMessage(PeerHandshake, decodeFrame(await nextFrame()).payload)
  if (!reveal.ok || reveal.message.type !== 'handshake-hello') {
    throw new Error('expected the agent hello')
  }
  const result = await handshake.handleAgentHello(reveal.message)
  const sealer: Sealer = createSealer(result.sendKey)
  const opener: Opener = createOpener(result.receiveKey)

  return {
    verificationCode: result.verificationCode,
    send: async (message) => {
      ws.send(await sealer.seal(FrameKind.Message, encoder.encode(JSON.stringify(message))))
    },
    nextSealed: async (accept) => {
      for (;;) {
        const opened = await opener.open(await nextFrame())
        if (opened.kind !== FrameKind.Message) continue
        const parsed = parseMessage(AgentToConsole, opened.plaintext)
        if (parsed.ok && accept(parsed.message)) return parsed.message
      }
    },
    close: () => {
      ws.terminate()
    },
  }
}

function handshakeFrame(message: PeerHandshake): Uint8Array {
  return encodeFrame({
    kind: FrameKind.Handshake,
    sequence: 0,
    payload: encoder.encode(JSON.stringify(message)),
  })
}
