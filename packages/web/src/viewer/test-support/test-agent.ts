/**
 * The agent's side of the end-to-end channel for tests, built from the protocol package only:
 * it commits, answers the console's hello, and seals messages and screen updates.
 */
import {
  type AgentToConsole,
  ConsoleToAgent,
  type FileChunk,
  FrameKind,
  type HandshakeHello,
  type Opener,
  PeerHandshake,
  type ScreenUpdate,
  type Sealer,
  createOpener,
  createSealer,
  decodeFileChunk,
  decodeFrame,
  encodeFileChunk,
  encodeFrame,
  encodeScreenUpdate,
  parseMessage,
  startAgentHandshake,
} from '@tasuke/protocol'

const encoder = new TextEncoder()

export interface TestAgent {
  /** The commit frame to send first. */
  readonly commitFrame: Uint8Array
  /** Handles the console's hello frame; returns the agent's hello frame. */
  answer(consoleHelloFrame: Uint8Array): Promise<Uint8Array>
  readonly verificationCode: () => string
  sealMessage(message: AgentToConsole): Promise<Uint8Array>
  sealUpdate(update: ScreenUpdate, isDroppable?: boolean): Promise<Uint8Array>
  /** Opens a sealed frame from the console. */
  open(frame: Uint8Array): Promise<ConsoleToAgent>
  /** Seals a piece of a file (SPEC.md T2). */
  sealChunk(chunk: FileChunk): Promise<Uint8Array>
  /** Opens a sealed frame from the console that is a message or a file chunk. */
  openAny(frame: Uint8Array): Promise<ConsoleToAgent | FileChunk>
}

export async function startTestAgent(): Promise<TestAgent> {
  const handshake = await startAgentHandshake()
  let keys: { sealer: Sealer; opener: Opener; code: string } | null = null
  const ready = () => {
    if (keys === null) throw new Error('the handshake has not finished')
    return keys
  }
  return {
    commitFrame: handshakeFrame(handshake.commit),
    answer: async (frame) => {
      const parsed = parseMessage(PeerHandshake, decodeFrame(frame).payload)
      if (!parsed.ok || parsed.message.type !== 'handshake-hello') {
        throw new Error('expected the console hello')
      }
      const { reveal, result } = await handshake.handleConsoleHello(parsed.message)
      keys = {
        sealer: createSealer(result.sendKey),
        opener: createOpener(result.receiveKey),
        code: result.verificationCode,
      }
      return handshakeFrame(reveal)
    },
    verificationCode: () => ready().code,
    sealMessage: (message) =>
      ready().sealer.seal(FrameKind.Message, encoder.encode(JSON.stringify(message))),
    sealUpdate: (update, isDroppable = false) =>
      ready().sealer.seal(FrameKind.ScreenUpdate, encodeScreenUpdate(update), { isDroppable }),
    open: async (frame) => {
      const opened = await ready().opener.open(frame)
      const parsed = parseMessage(ConsoleToAgent, opened.plaintext)
      if (!parsed.ok) throw new Error(parsed.error.message)
      return parsed.message
    },
    sealChunk: (chunk) => ready().sealer.seal(FrameKind.FileChunk, encodeFileChunk(chunk)),
    openAny: async (frame) => {
      const opened = await ready().opener.open(frame)
      if (opened.kind === FrameKind.FileChunk) return decodeFileChunk(opened.plaintext)
      const parsed = parseMessage(ConsoleToAgent, opened.plaintext)
      if (!parsed.ok) throw new Error(parsed.error.message)
      return parsed.message
    },
  }
}

function handshakeFrame(message: PeerHandshake | HandshakeHello): Uint8Array {
  return encodeFrame({
    kind: FrameKind.Handshake,
    sequence: 0,
    payload: encoder.encode(JSON.stringify(message)),
  })
}
