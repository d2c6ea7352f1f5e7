/**
 * The plaintext of a `ScreenUpdate` frame: a rectangle of the agent's screen and its
 * image, encoded in a format browsers decode natively (SPEC.md F8–F9), or a copy of pixels
 * the viewer already has (F10):
 *
 *     offset  size  field
 *     0       2     x        (unsigned big-endian, screen pixels)
 *     2       2     y
 *     4       2     width    (at least 1)
 *     6       2     height   (at least 1)
 *     8       1     encoding ({@link ScreenEncoding})
 *     9       n     image bytes
 * @module
 */
import { FrameDecodeError, FrameDecodeErrorReason } from '../errors.js'

/** How a screen update's image bytes are encoded. */
export const ScreenEncoding = {
  Png: 1,
  Jpeg: 2,
  Webp: 3,
  /**
   * Lossless: zlib (RFC 1950) of the region's pixels, 4 bytes each in B, G, R, X order, rows
   * `width * 4` bytes apart (browsers inflate it natively with `DecompressionStream`).
   */
  Zlib: 4,
  /**
   * No image: the region receives the pixels at a source position of the viewer's own
   * picture (VNC's CopyRect, for scrolling). The image is the source x and y, u16 BE each
   * ({@link encodeCopySource}); source and region may overlap.
   */
  Copy: 5,
} as const
/** A value of {@link ScreenEncoding}. */
export type ScreenEncoding = (typeof ScreenEncoding)[keyof typeof ScreenEncoding]

/** Bytes before the image in a screen update. */
export const SCREEN_UPDATE_HEADER_BYTES = 9

/** A screen region and its image. `image` is a view into the decoded bytes, not a copy. */
export interface ScreenUpdate {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
  readonly encoding: ScreenEncoding
  readonly image: Uint8Array
}

/** Where a `Copy` update takes its pixels: the top-left corner of the source rectangle. */
export interface CopySource {
  readonly x: number
  readonly y: number
}

/** Bytes of a `Copy` update's image: source x and y, u16 BE each. */
export const COPY_SOURCE_BYTES = 4

const ENCODINGS = new Set<number>(Object.values(ScreenEncoding))
const MAX_U16 = 0xffff

/** The image bytes of a `Copy` update. Throws `RangeError` on out-of-range fields. */
export function encodeCopySource(source: CopySource): Uint8Array<ArrayBuffer> {
  for (const [name, value] of [
    ['x', source.x],
    ['y', source.y],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > MAX_U16) {
      throw new RangeError(`copy source ${name} ${value} is out of range`)
    }
  }
  const bytes = new Uint8Array(COPY_SOURCE_BYTES)
  const view = new DataView(bytes.buffer)
  view.setUint16(0, source.x)
  view.setUint16(2, source.y)
  return bytes
}

/**
 * The source of a `Copy` update (SPEC.md F10). Throws {@link FrameDecodeError} `bad-region`
 * when the image is not 4 bytes or the source rectangle ends past 65535.
 */
export function decodeCopySource(update: ScreenUpdate): CopySource {
  if (update.image.byteLength !== COPY_SOURCE_BYTES) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.BadRegion,
      `copy update has ${update.image.byteLength} image bytes, not ${COPY_SOURCE_BYTES}`,
    )
  }
  const view = new DataView(update.image.buffer, update.image.byteOffset, COPY_SOURCE_BYTES)
  const source = { x: view.getUint16(0), y: view.getUint16(2) }
  if (source.x + update.width - 1 > MAX_U16 || source.y + update.height - 1 > MAX_U16) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.BadRegion,
      `copy source ${source.x},${source.y} with the region's size ends past ${MAX_U16}`,
    )
  }
  return source
}

/** Encodes a screen update. Throws `RangeError` on out-of-range fields. */
export function encodeScreenUpdate(update: ScreenUpdate): Uint8Array<ArrayBuffer> {
  for (const [name, value, min] of [
    ['x', update.x, 0],
    ['y', update.y, 0],
    ['width', update.width, 1],
    ['height', update.height, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min || value > MAX_U16) {
      throw new RangeError(`screen update ${name} ${value} is out of range`)
    }
  }
  if (!ENCODINGS.has(update.encoding)) {
    throw new RangeError(`unknown screen encoding ${update.encoding}`)
  }
  if (update.encoding === ScreenEncoding.Copy) {
    try {
      decodeCopySource(update)
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      throw new RangeError(detail, { cause: error })
    }
  }
  const bytes = new Uint8Array(SCREEN_UPDATE_HEADER_BYTES + update.image.byteLength)
  const view = new DataView(bytes.buffer)
  view.setUint16(0, update.x)
  view.setUint16(2, update.y)
  view.setUint16(4, update.width)
  view.setUint16(6, update.height)
  view.setUint8(8, update.encoding)
  bytes.set(update.image, SCREEN_UPDATE_HEADER_BYTES)
  return bytes
}

/** Decodes a screen update. Throws {@link FrameDecodeError}. */
export function decodeScreenUpdate(bytes: Uint8Array): ScreenUpdate {
  if (bytes.byteLength < SCREEN_UPDATE_HEADER_BYTES) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.Truncated,
      `screen update has ${bytes.byteLength} bytes, fewer than its header`,
    )
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, SCREEN_UPDATE_HEADER_BYTES)
  const width = view.getUint16(4)
  const height = view.getUint16(6)
  if (width === 0 || height === 0) {
    throw new FrameDecodeError(FrameDecodeErrorReason.BadRegion, 'screen update region is empty')
  }
  const encoding = view.getUint8(8)
  if (!isScreenEncoding(encoding)) {
    throw new FrameDecodeError(
      FrameDecodeErrorReason.UnknownEncoding,
      `screen update encoding ${encoding}`,
    )
  }
  const update: ScreenUpdate = {
    x: view.getUint16(0),
    y: view.getUint16(2),
    width,
    height,
    encoding,
    image: bytes.subarray(SCREEN_UPDATE_HEADER_BYTES),
  }
  if (encoding === ScreenEncoding.Copy) decodeCopySource(update)
  return update
}

function isScreenEncoding(value: number): value is ScreenEncoding {
  return ENCODINGS.has(value)
}
