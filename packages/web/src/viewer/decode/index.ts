/** The encoding → decoder table: one module per `ScreenEncoding` (like noVNC core/decoders). */
import { ScreenEncoding } from '@tasuke/protocol'

import { ViewerError, ViewerErrorReason } from '../errors'
import type { Decoder } from './decoder'
import { decodeJpeg } from './jpeg'
import { decodePng } from './png'
import { decodeWebp } from './webp'
import { decodeZlib } from './zlib'

export type { Decoder, RegionSize } from './decoder'

/** The encodings that carry an image (a `Copy` carries none: the render queue applies it). */
export type ImageEncoding = Exclude<ScreenEncoding, typeof ScreenEncoding.Copy>

/** A decoder for each image encoding. Tests pass their own table to the display. */
export type DecoderTable = Readonly<Record<ImageEncoding, Decoder>>

/** The browser decoders. */
export const DECODERS: DecoderTable = {
  [ScreenEncoding.Png]: decodePng,
  [ScreenEncoding.Jpeg]: decodeJpeg,
  [ScreenEncoding.Webp]: decodeWebp,
  [ScreenEncoding.Zlib]: decodeZlib,
}

/** The decoder for an encoding; throws a `ViewerError` (`unknown-encoding`) for any other number. */
export function decoderFor(table: DecoderTable, encoding: number): Decoder {
  const decoder = Object.hasOwn(table, encoding)
    ? (table as Readonly<Record<number, Decoder>>)[encoding]
    : undefined
  if (decoder === undefined) {
    throw new ViewerError(ViewerErrorReason.UnknownEncoding, `no decoder for encoding ${encoding}`)
  }
  return decoder
}
