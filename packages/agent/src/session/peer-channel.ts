/**
 * The sealed channel of one handshake (SPEC.md C-rules): seals what the agent sends to the
 * console into frames, opens the console's frames one at a time and in arrival order, and
 * turns their plaintext into `ConsoleToAgent` messages. Anything that does not open ends the
 * pairing: there is no plaintext mode.
 */
import {
  type AgentToConsole,
  CipherError,
  ConsoleToAgent,
  createOpener,
  createSealer,
  decodeFileChunk,
  encodeFileChunk,
  encodeScreenUpdate,
  type FileChunk,
  FrameDecodeError,
  FrameKind,
  type HandshakeResult,
  MAX_FRAME_PAYLOAD_BYTES,
  parseMessage,
  type ScreenUpdate,
} from '@tasuke/protocol'

/** Bytes of the AES-GCM tag the cipher appends (SPEC.md C1). */
const TAG_BYTES = 16

/** Why the console's frame was refused; the session ends with `error`. */
export class PeerFrameError extends Error {
  override readonly name = 'PeerFrameError'
}

/** A file chunk from the console (SPEC.md F11), beside its messages in arrival order. */
export interface FileChunkArrival {
  readonly type: 'file-chunk'
  readonly chunk: FileChunk
}

/** What one console frame opens to. */
export type PeerArrival = ConsoleToAgent | FileChunkArrival

export interface PeerChannel {
  /** Seals and sends a screen update; returns its frame sequence (what the console acks). */
  sendUpdate(update: ScreenUpdate, isDroppable: boolean): number
  /** Seals and sends a message; resolves once its frame was handed to the link. */
  sendMessage(message: AgentToConsole, isDroppable: boolean): Promise<void>
  /** Seals and sends a file chunk, reliably; resolves once its frame was handed to the link. */
  sendChunk(chunk: FileChunk): Promise<void>
  /**
   * Opens one frame of the console, in arrival order. Rejects with {@link PeerFrameError} when
   * it does not open; resolves with null for an authentic message this agent does not know.
   */
  open(frame: Uint8Array): Promise<PeerArrival | null>
}

export interface PeerChannelOptions {
  readonly keys: HandshakeResult
  /** Hands a sealed frame to the link. */
  readonly sendFrame: (frame: Uint8Array) => void
  /** A seal failed (a sealer is exhausted after 2^48 frames): the pairing cannot go on. */
  readonly onSealFailed: (error: Error) => void
}

const encoder = new TextEncoder()

export function createPeerChannel(options: PeerChannelOptions): PeerChannel {
  const sealer = createSealer(options.keys.sendKey)
  const opener = createOpener(options.keys.receiveKey)
  // The sealer numbers each class from 0, one per accepted call; mirroring it here lets
  // `sendUpdate` answer with the sequence at once (the ScreenStreamSink contract).
  const next = { reliable: 0, droppable: 0 }

  const seal = (
    kind: typeof FrameKind.Message | typeof FrameKind.ScreenUpdate | typeof FrameKind.FileChunk,
    plaintext: Uint8Array,
    isDroppable: boolean,
  ): { sequence: number; sent: Promise<void> } => {
    if (plaintext.byteLength + TAG_BYTES > MAX_FRAME_PAYLOAD_BYTES) {
      throw new RangeError('too large for one frame')
    }
    const lane = isDroppable ? 'droppable' : 'reliable'
    const sequence = next[lane]
    next[lane] = sequence + 1
    const sent = sealer
      .seal(kind, plaintext, { isDroppable })
      .then(options.sendFrame, (error: unknown) => {
        options.onSealFailed(error instanceof Error ? error : new Error(String(error)))
      })
    return { sequence, sent }
  }

  return {
    sendUpdate(update, isDroppable) {
      return seal(FrameKind.ScreenUpdate, encodeScreenUpdate(update), isDroppable).sequence
    },
    sendMessage(message, isDroppable) {
      return seal(FrameKind.Message, encoder.encode(JSON.stringify(message)), isDroppable).sent
    },
    sendChunk(chunk) {
      return seal(FrameKind.FileChunk, encodeFileChunk(chunk), false).sent
    },
    async open(frame) {
      let opened
      try {
        opened = await opener.open(frame)
      } catch (error) {
        if (!(error instanceof CipherError)) throw error
        throw new PeerFrameError(`a frame from the console was refused: ${error.reason}`, {
          cause: error,
        })
      }
      if (opened.kind === FrameKind.FileChunk) {
        try {
          return { type: 'file-chunk', chunk: decodeFileChunk(opened.plaintext) }
        } catch (error) {
          // Authentic but malformed: dropped like an unknown message; its transfer then fails.
          if (!(error instanceof FrameDecodeError)) throw error
          return null
        }
      }
      if (opened.kind !== FrameKind.Message) {
        throw new PeerFrameError('the console sent a frame kind only the agent sends')
      }
      const parsed = parseMessage(ConsoleToAgent, opened.plaintext)
      return parsed.ok ? parsed.message : null
    },
  }
}
