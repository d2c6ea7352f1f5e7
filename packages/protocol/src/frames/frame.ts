/** A whole frame: header plus payload (SPEC.md F-rules). */
import { FrameDecodeError, FrameDecodeErrorReason } from '../errors.js'
import { FRAME_HEADER_BYTES, type FrameKind } from './constants.js'
import { decodeFrameHeader, writeFrameHeader, type FrameHeader } from './header.js'

/** What {@link encodeFrame} needs: the header fields except the length, and the payload. */
export interface FrameInput {
  readonly kind: FrameKind
  readonly isDroppable?: boolean
  readonly sequence: number
  readonly payload: Uint8Array
}

/** A decoded frame. `payload` is a view into the decoded bytes, not a copy. */
export interface Frame {
  readonly header: FrameHeader
  readonly payload: Uint8Array
}

/** Encodes a frame as one new array. Throws `RangeError` on out-of-range fields. */
export function encodeFrame(input: FrameInput): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(FRAME_HEADER_BYTES + input.payload.byteLength)
  writeFrameHeader(bytes, {
    kind: input.kind,
    isDroppable: input.isDroppable ?? false,
    sequence: input.sequence,
    payloadLength: input.payload.byteLength,
  })
  bytes.set(input.payload, FRAME_HEADER_BYTES)
  return bytes
}

/** Decodes exactly one frame; the bytes must hold nothing else. Throws {@link FrameDecodeError}. */
export function decodeFrame(bytes: Uint8Array): Frame {
  const header = decodeFrameHeader(bytes)
  const expected = FRAME_HEADER_BYTES + header.payloadLength
  if (bytes.byteLength < expected) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.Truncated,
      `frame has ${bytes.byteLength} bytes, its header declares ${expected}`,
    )
  }
  if (bytes.byteLength > expected) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.LengthMismatch,
      `frame has ${bytes.byteLength} bytes, its header declares ${expected}`,
    )
  }
  return { header, payload: bytes.subarray(FRAME_HEADER_BYTES) }
}
