/**
 * The plaintext of a `FileChunk` frame: a piece of one file transfer (SPEC.md T-rules),
 * sent by whichever side holds the file:
 *
 *     offset  size  field
 *     0       4     transfer id (unsigned big-endian, chosen by the console)
 *     4       8     offset of the first byte in the file (unsigned big-endian, below 2^53)
 *     12      n     the file's bytes (1 to FILE_CHUNK_MAX_BYTES)
 * @module
 */
import { FrameDecodeError, FrameDecodeErrorReason } from '../errors.js'

/** Bytes before the data in a file chunk. */
export const FILE_CHUNK_HEADER_BYTES = 12

/** The most file bytes one chunk carries (256 KiB), so screen updates never wait long. */
export const FILE_CHUNK_MAX_BYTES = 256 * 1024

/** The largest file a transfer may announce (1 PiB; offsets stay exact doubles). */
export const FILE_MAX_BYTES = 2 ** 50

/** The largest transfer id (u32). */
export const FILE_TRANSFER_ID_MAX = 0xffff_ffff

/** A piece of a file. `data` is a view into the decoded bytes, not a copy. */
export interface FileChunk {
  readonly transferId: number
  readonly offset: number
  readonly data: Uint8Array
}

/** Encodes a file chunk. Throws `RangeError` on out-of-range fields. */
export function encodeFileChunk(chunk: FileChunk): Uint8Array<ArrayBuffer> {
  const { transferId, offset, data } = chunk
  if (!Number.isInteger(transferId) || transferId < 0 || transferId > FILE_TRANSFER_ID_MAX) {
    throw new RangeError(`file transfer id ${transferId} is out of range`)
  }
  if (data.byteLength === 0 || data.byteLength > FILE_CHUNK_MAX_BYTES) {
    throw new RangeError(`a file chunk carries 1 to ${FILE_CHUNK_MAX_BYTES} bytes`)
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + data.byteLength > FILE_MAX_BYTES) {
    throw new RangeError(`file chunk offset ${offset} is out of range`)
  }
  const bytes = new Uint8Array(FILE_CHUNK_HEADER_BYTES + data.byteLength)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, transferId)
  view.setBigUint64(4, BigInt(offset))
  bytes.set(data, FILE_CHUNK_HEADER_BYTES)
  return bytes
}

/** Decodes a file chunk. Throws {@link FrameDecodeError} `truncated` or `bad-chunk`. */
export function decodeFileChunk(bytes: Uint8Array): FileChunk {
  if (bytes.byteLength < FILE_CHUNK_HEADER_BYTES) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.Truncated,
      `file chunk has ${bytes.byteLength} bytes, fewer than its header`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, FILE_CHUNK_HEADER_BYTES)
  const data = bytes.subarray(FILE_CHUNK_HEADER_BYTES)
  const offset = view.getBigUint64(4)
  if (data.byteLength === 0 || data.byteLength > FILE_CHUNK_MAX_BYTES) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.BadChunk,
      `file chunk carries ${data.byteLength} bytes, not 1 to ${FILE_CHUNK_MAX_BYTES}`,
    )
  }
  if (offset + BigInt(data.byteLength) > BigInt(FILE_MAX_BYTES)) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.BadChunk,
      `file chunk at ${offset} ends past ${FILE_MAX_BYTES}`,
    )
  }
  return { transferId: view.getUint32(0), offset: Number(offset), data }
}
