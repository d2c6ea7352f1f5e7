/**
 * The agent's side of the end-to-end handshake (SPEC.md H1–H7), over plaintext `Handshake`
 * frames with sequence 0: commit, wait for the console's hello, reveal. Any step that fails
 * is a `HandshakeFailedError`: the session ends, it never falls back to plaintext.
 */
import {
  decodeFrame,
  encodeFrame,
  FrameKind,
  HandshakeError,
  type HandshakeResult,
  parseMessage,
  PeerHandshake,
  startAgentHandshake,
} from '@tasuke/protocol'

export class HandshakeFailedError extends Error {
  override readonly name = 'HandshakeFailedError'
}

export interface AgentHandshakeRun {
  /** Hands in a frame from the console, in arrival order. */
  handleFrame(frame: Uint8Array): void
  /** The keys and verification code, or a {@link HandshakeFailedError}. */
  readonly result: Promise<HandshakeResult>
  /** Frames that came after the console's hello (sealed already): for the sealed channel. */
  takeRest(): Uint8Array[]
}

/** More frames than this before the handshake ends is not a console following the protocol. */
const MAX_EARLY_FRAMES = 64

const encoder = new TextEncoder()

/** Sends the commitment and completes once the console's hello has been answered. */
export function runAgentHandshake(sendFrame: (frame: Uint8Array) => void): AgentHandshakeRun {
  const inbox: Uint8Array[] = []
  let waiter: ((frame: Uint8Array) => void) | null = null
  let isFlooded = false
  const nextFrame = () =>
    new Promise<Uint8Array>((resolve) => {
      const frame = inbox.shift()
      if (frame === undefined) waiter = resolve
      else resolve(frame)
    })
  const result = exchange(sendFrame, nextFrame).then((keys) => {
    if (isFlooded) throw new HandshakeFailedError('the console sent too many frames too early')
    return keys
  })
  return {
    handleFrame: (frame) => {
      if (waiter !== null) {
        const resolve = waiter
        waiter = null
        resolve(frame)
      } else if (inbox.length < MAX_EARLY_FRAMES) {
        inbox.push(frame)
      } else {
        isFlooded = true
      }
    },
    result,
    takeRest: () => inbox.splice(0),
  }
}

async function exchange(
  sendFrame: (frame: Uint8Array) => void,
  nextFrame: () => Promise<Uint8Array>,
): Promise<HandshakeResult> {
  const handshake = await startAgentHandshake()
  sendFrame(handshakeFrame(handshake.commit))
  const message = readHandshakeFrame(await nextFrame())
  if (message.type !== 'handshake-hello') {
    throw new HandshakeFailedError('the console sent a commitment instead of its hello')
  }
  try {
    const { reveal, result } = await handshake.handleConsoleHello(message)
    sendFrame(handshakeFrame(reveal))
    return result
  } catch (error) {
    if (!(error instanceof HandshakeError)) throw error
    throw new HandshakeFailedError(`the console's hello was refused: ${error.reason}`, {
      cause: error,
    })
  }
}

function handshakeFrame(message: PeerHandshake): Uint8Array {
  return encodeFrame({
    kind: FrameKind.Handshake,
    sequence: 0,
    payload: encoder.encode(JSON.stringify(message)),
  })
}

function readHandshakeFrame(frame: Uint8Array): PeerHandshake {
  const { header, payload } = decodeFrame(frame)
  if (header.kind !== FrameKind.Handshake || header.sequence !== 0 || header.isDroppable) {
    throw new HandshakeFailedError('the console sent a sealed frame before the handshake ended')
  }
  const parsed = parseMessage(PeerHandshake, payload)
  if (!parsed.ok) {
    throw new HandshakeFailedError(
      `the console's handshake message is invalid: ${parsed.error.message}`,
    )
  }
  return parsed.message
}
