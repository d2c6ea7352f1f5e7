/**
 * AES-256-GCM sealing and opening of frames (SPEC.md C1–C8). The nonce is a 4-byte
 * delivery-class prefix and the 8-byte sequence; the frame header is the additional data,
 * so any change to it fails authentication. Each delivery class counts on its own:
 * reliable frames must arrive exactly in order, droppable ones in increasing order.
 * @module
 */
import { concatBytes, toBufferSource } from '../bytes.js'
import {
  CipherError,
  CipherErrorReason,
  FrameDecodeError,
  FrameDecodeErrorReason,
} from '../errors.js'
import {
  FRAME_HEADER_BYTES,
  FrameKind,
  MAX_FRAME_PAYLOAD_BYTES,
  MAX_FRAME_SEQUENCE,
} from '../frames/constants.js'
import { decodeFrame } from '../frames/frame.js'
import { encodeFrameHeader } from '../frames/header.js'

/** Bytes of the authentication tag at the end of every sealed payload. */
export const TAG_BYTES = 16

/** The frame kinds that carry sealed payloads. */
export type SealedFrameKind = Exclude<FrameKind, typeof FrameKind.Handshake>

/** Options for {@link Sealer.seal}. */
export interface SealOptions {
  /** Send in the droppable delivery class (the relay may drop it; see `FrameFlag`). */
  readonly isDroppable?: boolean
}

/** Seals plaintexts into complete frames for one direction. */
export interface Sealer {
  /** Seals `plaintext` into a new frame with the next sequence number of its class. */
  seal(
    kind: SealedFrameKind,
    plaintext: Uint8Array,
    options?: SealOptions,
  ): Promise<Uint8Array<ArrayBuffer>>
}

/** An opened frame. */
export interface OpenedFrame {
  readonly kind: SealedFrameKind
  readonly isDroppable: boolean
  readonly sequence: number
  readonly plaintext: Uint8Array<ArrayBuffer>
}

/** Opens frames from the other direction, in order. */
export interface Opener {
  /** Opens a frame, or rejects with {@link CipherError} and leaves the opener unchanged. */
  open(frame: Uint8Array): Promise<OpenedFrame>
}

/** Creates the sealer for this side's `sendKey`. */
export function createSealer(key: CryptoKey): Sealer {
  return sealerStartingAt(key, 0)
}

/** A sealer whose counters start at `firstSequence`; for tests of exhaustion only. */
export function sealerStartingAt(key: CryptoKey, firstSequence: number): Sealer {
  requireUsage(key, 'encrypt')
  const next = { reliable: firstSequence, droppable: firstSequence }
  let tail: Promise<unknown> = Promise.resolve()
  return {
    seal(kind, plaintext, options = {}) {
      const isDroppable = options.isDroppable ?? false
      const lane = isDroppable ? 'droppable' : 'reliable'
      const sequence = next[lane]
      if ((kind as FrameKind) === FrameKind.Handshake) {
        return Promise.reject(new RangeError('handshake frames are not sealed'))
      }
      if (sequence > MAX_FRAME_SEQUENCE) {
        return Promise.reject(
          new CipherError(CipherErrorReason.Exhausted, 'every sequence number is used'),
        )
      }
      const payloadLength = plaintext.byteLength + TAG_BYTES
      if (payloadLength > MAX_FRAME_PAYLOAD_BYTES) {
        return Promise.reject(new RangeError('plaintext is too large for one frame'))
      }
      // Reserve the number now, so concurrent calls never share a nonce; chain the work so
      // frames resolve in the order their numbers were given.
      next[lane] = sequence + 1
      const header = encodeFrameHeader({ kind, isDroppable, sequence, payloadLength })
      const sealed = tail.then(async () => {
        const ciphertext = await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv: buildNonce(isDroppable, sequence), additionalData: header },
          key,
          toBufferSource(plaintext),
        )
        return concatBytes(header, new Uint8Array(ciphertext))
      })
      tail = sealed.catch(() => undefined)
      return sealed
    },
  }
}

/** Creates the opener for this side's `receiveKey`. */
export function createOpener(key: CryptoKey): Opener {
  requireUsage(key, 'decrypt')
  const expected = { reliable: 0, droppable: 0 }
  let tail: Promise<unknown> = Promise.resolve()

  async function openNow(frame: Uint8Array): Promise<OpenedFrame> {
    const { header, payload } = readFrame(frame)
    if (header.kind === FrameKind.Handshake) {
      throw new CipherError(CipherErrorReason.Malformed, 'handshake frames are not sealed')
    }
    if (payload.byteLength < TAG_BYTES) {
      throw new CipherError(CipherErrorReason.Truncated, 'payload is shorter than a tag')
    }
    const lane = header.isDroppable ? 'droppable' : 'reliable'
    if (header.sequence < expected[lane]) {
      throw new CipherError(CipherErrorReason.Replayed, `sequence ${header.sequence} already seen`)
    }
    if (!header.isDroppable && header.sequence > expected[lane]) {
      throw new CipherError(
        CipherErrorReason.OutOfOrder,
        `sequence ${header.sequence}, expected ${expected[lane]}`,
      )
    }
    let plaintext: ArrayBuffer
    try {
      plaintext = await crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: buildNonce(header.isDroppable, header.sequence),
          additionalData: toBufferSource(frame.subarray(0, FRAME_HEADER_BYTES)),
        },
        key,
        toBufferSource(payload),
      )
    } catch (error) {
      throw new CipherError(CipherErrorReason.AuthenticationFailed, 'frame failed authentication', {
        cause: error,
      })
    }
    expected[lane] = header.sequence + 1
    const { kind, isDroppable, sequence } = header
    return { kind, isDroppable, sequence, plaintext: new Uint8Array(plaintext) }
  }

  return {
    open(frame) {
      // One at a time: a check and its state update must not interleave with another open.
      const opened = tail.then(() => openNow(frame))
      tail = opened.catch(() => undefined)
      return opened
    },
  }
}

/** The 12-byte AES-GCM nonce: u32 delivery class (0 reliable, 1 droppable) ‖ u64 sequence. */
export function buildNonce(isDroppable: boolean, sequence: number): Uint8Array<ArrayBuffer> {
  const nonce = new Uint8Array(12)
  const view = new DataView(nonce.buffer)
  view.setUint32(0, isDroppable ? 1 : 0)
  view.setUint32(4, Math.floor(sequence / 2 ** 32))
  view.setUint32(8, sequence % 2 ** 32)
  return nonce
}

function readFrame(frame: Uint8Array): ReturnType<typeof decodeFrame> {
  try {
    return decodeFrame(frame)
  } catch (error) {
    const isTruncated =
      error instanceof FrameDecodeError && error.reason === FrameDecodeErrorReason.Truncated
    const reason = isTruncated ? CipherErrorReason.Truncated : CipherErrorReason.Malformed
    const message = error instanceof Error ? error.message : 'not a frame'
    throw new CipherError(reason, message, { cause: error })
  }
}

function requireUsage(key: CryptoKey, usage: KeyUsage): void {
  if (key.algorithm.name !== 'AES-GCM' || !key.usages.includes(usage)) {
    throw new RangeError(`expected an AES-GCM key usable to ${usage}`)
  }
}
