/**
 * Baseline JPEG encoder for lossy screen regions (photos, video, fast-moving areas), which
 * browsers decode natively. Pure TypeScript, so it bundles into the single executable; the
 * pieces live in jpeg/ and all tables are built once (quantisation once per quality).
 */
import { BitWriter } from './jpeg/bit-writer.js'
import { HEADER_BYTES, writeEnd, writeHeaders } from './jpeg/markers.js'
import { quantTablesFor } from './jpeg/quant-tables.js'
import { writeScan } from './jpeg/scan.js'

/** Pixels to encode: 4 bytes each in B, G, R, X order, rows `stride` bytes apart. */
export interface BgrxImage {
  readonly width: number
  readonly height: number
  readonly stride: number
  readonly data: Uint8Array
}

export interface JpegOptions {
  /**
   * Chroma sampling: '4:2:0' (the default) keeps one Cb and Cr sample per 2x2 pixels; '4:4:4'
   * keeps them all, for sharp coloured edges at high quality, at about twice the work.
   */
  readonly chroma?: '4:2:0' | '4:4:4'
}

/** SOF0 stores each dimension in 16 bits. */
const MAX_DIMENSION = 65_535

/** Reused across calls: encoding is synchronous, and the result is copied out. */
const writer = new BitWriter()

/**
 * Encodes `image` as a baseline JFIF JPEG with 4:2:0 chroma (unless `options` ask for 4:4:4) at
 * `quality` 1–100 (the IJG scale; fractions are rounded). Throws a RangeError for an image or
 * quality it cannot encode.
 */
export function encodeJpeg(image: BgrxImage, quality: number, options?: JpegOptions): Uint8Array {
  checkImage(image)
  if (!(quality >= 1 && quality <= 100)) {
    throw new RangeError(`JPEG quality must be a number from 1 to 100, got ${String(quality)}`)
  }
  const isSubsampled = (options?.chroma ?? '4:2:0') === '4:2:0'
  const tables = quantTablesFor(Math.round(quality))

  writer.reset()
  writer.reserve(HEADER_BYTES)
  writeHeaders(writer, image.width, image.height, tables, isSubsampled)
  writeScan(writer, image, tables, isSubsampled)
  writer.reserve(2)
  writeEnd(writer)
  return writer.toBytes()
}

function checkImage({ width, height, stride, data }: BgrxImage): void {
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_DIMENSION) {
      throw new RangeError(
        `JPEG ${name} must be an integer from 1 to ${MAX_DIMENSION}, got ${String(value)}`,
      )
    }
  }
  if (!Number.isInteger(stride) || stride < width * 4) {
    throw new RangeError(
      `stride must be an integer of at least width * 4 = ${width * 4} bytes, got ${String(stride)}`,
    )
  }
  const needed = stride * (height - 1) + width * 4
  if (data.length < needed) {
    throw new RangeError(
      `a ${width}x${height} image with stride ${stride} needs ${needed} bytes of data, got ${data.length}`,
    )
  }
}
