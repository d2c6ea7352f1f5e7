/**
 * Encodes one region of the known desktop pixels into a `ScreenUpdate` (SPEC.md F8-F9):
 * lossless as zlib of its BGRX rows, or lossy as JPEG, and cuts large regions into bands so
 * each frame stays far below the 16 MiB frame limit and the viewer can paint as they come.
 */
import { deflateSync } from 'node:zlib'

import { ScreenEncoding, type ScreenUpdate } from '@tasuke/protocol'

import type { Frame, Rect } from '../capture/capture.js'
import { encodeJpeg } from '../encode/jpeg.js'

/** Level 1: the spike's trade-off (9.9 ms and 291 kB for a 1080p office screen, §4). */
const ZLIB_LEVEL = 1
/** Bands of at most 256 rows, and at most 1 Mpx (4 MiB raw) for very wide desktops. */
const MAX_BAND_ROWS = 256
const MAX_BAND_PIXELS = 1 << 20

/** The region's rows copied out of the desktop stride, `width * 4` bytes apart. */
function packedRows(pixels: Frame, rect: Rect): Buffer {
  const rowBytes = rect.width * 4
  const start = (rect.y - pixels.y) * pixels.stride + (rect.x - pixels.x) * 4
  if (pixels.stride === rowBytes) return pixels.data.subarray(start, start + rowBytes * rect.height)
  const packed = Buffer.allocUnsafe(rowBytes * rect.height)
  for (let row = 0; row < rect.height; row += 1) {
    const from = start + row * pixels.stride
    pixels.data.copy(packed, row * rowBytes, from, from + rowBytes)
  }
  return packed
}

export function encodeLossless(pixels: Frame, rect: Rect): ScreenUpdate {
  const image = deflateSync(packedRows(pixels, rect), { level: ZLIB_LEVEL })
  return { ...rect, encoding: ScreenEncoding.Zlib, image }
}

/** The one lossy path: JPEG (4:2:0) straight from the BGRX desktop pixels, no copy. */
export function encodeLossy(pixels: Frame, rect: Rect, quality: number): ScreenUpdate {
  const start = (rect.y - pixels.y) * pixels.stride + (rect.x - pixels.x) * 4
  const image = encodeJpeg(
    {
      width: rect.width,
      height: rect.height,
      stride: pixels.stride,
      data: pixels.data.subarray(start),
    },
    quality,
  )
  return { ...rect, encoding: ScreenEncoding.Jpeg, image }
}

/** `rect` cut into horizontal bands on tile boundaries (`rowUnit`), each small enough. */
export function splitIntoBands(rect: Rect, rowUnit: number): Rect[] {
  const byArea = Math.floor(MAX_BAND_PIXELS / rect.width / rowUnit) * rowUnit
  const bandRows = Math.max(rowUnit, Math.min(MAX_BAND_ROWS, byArea))
  const bands: Rect[] = []
  const bottom = rect.y + rect.height
  // The first cut falls on a multiple of bandRows, so bands line up with the tile grid.
  let top = rect.y
  while (top < bottom) {
    const next = Math.min(bottom, (Math.floor(top / bandRows) + 1) * bandRows)
    bands.push({ x: rect.x, y: top, width: rect.width, height: next - top })
    top = next
  }
  return bands
}
