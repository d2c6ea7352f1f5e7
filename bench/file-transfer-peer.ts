/**
 * The operator's side of a file transfer for the file-transfer bench, written with the
 * protocol package alone: joins a session as its console once the agent is there, runs the
 * console's end-to-end handshake, then seals messages and file chunks and opens what the
 * agent sends (screen updates are acknowledged and otherwise ignored).
 */
import {
  AgentToConsole,
  type ConsoleToAgent,
  createOpener,
  createSealer,
  decodeFrame,
  encodeFileChunk,
  encodeFrame,
  type FileChunk,
  FrameKind,
  type HandshakeCommit,
  parseMessage,
  PeerHandshake,
  startConsoleHandshake,
} from '@tasuke/protocol'
import WebSocket from 'ws'

const WAIT_MS = 30_000
const encoder = new TextEncoder()

export interface FileConsole {
  send(message: ConsoleToAgent): Promise<void>
  sendChunk(chunk: FileChunk): Promise<void>
  /** Bytes the console's socket holds unsent. */
  bufferedAmount(): number
  /** Called for every message the agent sends. */
  onMessage(handler: (message: AgentToConsole) => void): void
  close(): void
}

export async function connectFileConsole(
  serverUrl: string,
  cookie: string,
  sessionId: string,
): Promise<FileConsole> {
  const ws = new WebSocket(
    `${serverUrl.replace('https:', 'wss:')}/ws/console?sessionId=${encodeURIComponent(sessionId)}`,
    { rejectUnauthorized: false, headers: { cookie, origin: serverUrl } },
  )
  const frames: Uint8Array[] = []
  let wake: () => void = () => undefined
  let onFrame: ((frame: Uint8Array) => void) | null = null
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!isBinary) return
    const frame = new Uint8Array(data)
    if (onFrame === null) {
      frames.push(frame)
      wake()
    } else {
      onFrame(frame)
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
  let commit: HandshakeCommit | null = null
  while (commit === null) {
    const frame = decodeFrame(await nextFrame())
    if (frame.header.kind !== FrameKind.Handshake) continue
    const parsed = parseMessage(PeerHandshake, frame.payload)
    if (parsed.ok && parsed.message.type === 'handshake-commit') commit = parsed.message
  }
  ws.send(handshakeFrame(handshake.handleAgentCommit(commit)))
  const hello = parseMessage(PeerHandshake, decodeFrame(await nextFrame()).payload)
  if (!hello.ok || hello.message.type !== 'handshake-hello') {
    throw new Error('expected the agent hello')
  }
  const keys = await handshake.handleAgentHello(hello.message)
  const sealer = createSealer(keys.sendKey)
  const opener = createOpener(keys.receiveKey)
  const handlers: ((message: AgentToConsole) => void)[] = []
  const sealMessage = async (message: ConsoleToAgent) => {
    ws.send(await sealer.seal(FrameKind.Message, encoder.encode(JSON.stringify(message))))
  }
  // Frames are opened one after another, in arrival order.
  let opening: Promise<void> = Promise.resolve()
  const open = (frame: Uint8Array) => {
    opening = opening.then(async () => {
      const opened = await opener.open(frame)
      if (opened.kind === FrameKind.ScreenUpdate) {
        await sealMessage({ type: 'ack', sequence: opened.sequence })
        return
      }
      if (opened.kind !== FrameKind.Message) return
      const parsed = parseMessage(AgentToConsole, opened.plaintext)
      if (parsed.ok) for (const handler of handlers) handler(parsed.message)
    })
  }
  onFrame = open
  for (const frame of frames.splice(0)) open(frame)

  return {
    send: sealMessage,
    async sendChunk(chunk) {
      ws.send(await sealer.seal(FrameKind.FileChunk, encodeFileChunk(chunk)))
    },
    bufferedAmount: () => ws.bufferedAmount,
    onMessage: (handler) => {
      handlers.push(handler)
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
