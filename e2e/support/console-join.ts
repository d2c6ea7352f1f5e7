/**
 * Joining a session as its console with the protocol package alone, for tests and benches
 * that must drive the real agent without the console page: the socket with the admin's
 * cookie, and the console's end-to-end handshake. What the caller does with the sealed
 * channel afterwards (wait for messages, or push chunks) is its own.
 */
import {
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

const WAIT_MS = 30_000
const encoder = new TextEncoder()

export interface JoinedConsole {
  readonly ws: WebSocket
  readonly sealer: Sealer
  readonly opener: Opener
  /** The six digits both sides show once the handshake is done. */
  readonly verificationCode: string
  /** The next binary frame from the agent (frames queue up until taken). */
  readonly nextFrame: () => Promise<Uint8Array>
  /**
   * Hands every frame, queued ones first, to `handler` from now on instead of queueing them
   * for `nextFrame`.
   */
  readonly takeFrames: (handler: (frame: Uint8Array) => void) => void
}

/** Joins `sessionId` as its console, once the agent is there and agreed keys with us. */
export async function joinAsConsole(
  serverUrl: string,
  cookie: string,
  sessionId: string,
): Promise<JoinedConsole> {
  const ws = new WebSocket(
    `${serverUrl.replace('https:', 'wss:')}/ws/console?sessionId=${encodeURIComponent(sessionId)}`,
    { rejectUnauthorized: false, headers: { cookie, origin: serverUrl } },
  )
  const frames: Uint8Array[] = []
  let wake: () => void = () => undefined
  let handler: ((frame: Uint8Array) => void) | null = null
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return
    const frame = new Uint8Array(data)
    if (handler === null) {
      frames.push(frame)
      wake()
    } else {
      handler(frame)
    }
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
  return {
    ws,
    sealer: createSealer(result.sendKey),
    opener: createOpener(result.receiveKey),
    verificationCode: result.verificationCode,
    nextFrame,
    takeFrames: (next) => {
      handler = next
      for (const frame of frames.splice(0)) next(frame)
    },
  }
}

/** Seals a JSON message into a `Message` frame's bytes. */
export function encodeJson(message: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(message))
}

function handshakeFrame(message: PeerHandshake): Uint8Array {
  return encodeFrame({ kind: FrameKind.Handshake, sequence: 0, payload: encodeJson(message) })
}
