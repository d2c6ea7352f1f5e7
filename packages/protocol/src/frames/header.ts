/** Encoding and decoding the 15-byte frame header (layout in constants.ts). */
import { FrameDecodeError, FrameDecodeErrorReason } from '../errors.js'
import {
  FRAME_HEADER_BYTES,
  FRAME_VERSION,
  FrameFlag,
  FrameKind,
  FrameOffset,
  KNOWN_FRAME_FLAGS,
  MAX_FRAME_PAYLOAD_BYTES,
  MAX_FRAME_SEQUENCE,
} from './constants.js'

/** The fields of a frame header (the version is implied: always {@link FRAME_VERSION}). */
export interface FrameHeader {
  readonly kind: FrameKind
  /** The droppable delivery class (see {@link FrameFlag}). */
  readonly isDroppable: boolean
  readonly sequence: number
  readonly payloadLength: number
}

const KINDS = new Set<number>(Object.values(FrameKind))
const TWO_TO_32 = 2 ** 32

/** Writes a header into the first {@link FRAME_HEADER_BYTES} bytes of `target`. */
export function writeFrameHeader(target: Uint8Array, header: FrameHeader): void {
  if (!KINDS.has(header.kind)) throw new RangeError(`unknown frame kind ${header.kind}`)
  if (!isWithin(header.sequence, MAX_FRAME_SEQUENCE)) {
    throw new RangeError(`frame sequence ${header.sequence} is out of range`)
  }
  if (!isWithin(header.payloadLength, MAX_FRAME_PAYLOAD_BYTES)) {
    throw new RangeError(`frame payload length ${header.payloadLength} is out of range`)
  }
  const view = new DataView(target.buffer, target.byteOffset, FRAME_HEADER_BYTES)
  view.setUint8(FrameOffset.Version, FRAME_VERSION)
  view.setUint8(FrameOffset.Kind, header.kind)
  view.setUint8(FrameOffset.Flags, header.isDroppable ? FrameFlag.Droppable : 0)
  view.setUint32(FrameOffset.Sequence, Math.floor(header.sequence / TWO_TO_32))
  view.setUint32(FrameOffset.Sequence + 4, header.sequence % TWO_TO_32)
  view.setUint32(FrameOffset.PayloadLength, header.payloadLength)
}

/** Encodes a header as a new {@link FRAME_HEADER_BYTES}-byte array. Throws `RangeError` on bad fields. */
export function encodeFrameHeader(header: FrameHeader): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(FRAME_HEADER_BYTES)
  writeFrameHeader(bytes, header)
  return bytes
}

/**
 * Reads and checks the header at the start of `bytes` (what follows it is not examined, so
 * the relay can call this on a partial frame). Throws {@link FrameDecodeError}.
 */
export function decodeFrameHeader(bytes: Uint8Array): FrameHeader {
  if (bytes.byteLength < FRAME_HEADER_BYTES) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.Truncated,
      `frame has ${bytes.byteLength} bytes, fewer than its ${FRAME_HEADER_BYTES}-byte header`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, FRAME_HEADER_BYTES)
  const version = view.getUint8(FrameOffset.Version)
  if (version !== FRAME_VERSION) {
    throw new FrameDecodeError(FrameDecodeErrorReason.BadVersion, `frame version ${version}`)
  }
  const kind = view.getUint8(FrameOffset.Kind)
  if (!isFrameKind(kind)) {
    throw new FrameDecodeError(FrameDecodeErrorReason.UnknownKind, `frame kind ${kind}`)
  }
  const flags = view.getUint8(FrameOffset.Flags)
  if ((flags & ~KNOWN_FRAME_FLAGS) !== 0) {
    throw new FrameDecodeError(FrameDecodeErrorReason.BadFlags, `frame flags ${flags}`)
  }
  const sequence =
    view.getUint32(FrameOffset.Sequence) * TWO_TO_32 + view.getUint32(FrameOffset.Sequence + 4)
  if (sequence > MAX_FRAME_SEQUENCE) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.BadSequence,
      'frame sequence is above 2^48 - 1',
    )
  }
  const payloadLength = view.getUint32(FrameOffset.PayloadLength)
  if (payloadLength > MAX_FRAME_PAYLOAD_BYTES) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.TooLarge,
      `frame payload of ${payloadLength} bytes is above ${MAX_FRAME_PAYLOAD_BYTES}`,
    )
  }
  return { kind, isDroppable: (flags & FrameFlag.Droppable) !== 0, sequence, payloadLength }
}

function isFrameKind(value: number): value is FrameKind {
  return KINDS.has(value)
}

function isWithin(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max
}
