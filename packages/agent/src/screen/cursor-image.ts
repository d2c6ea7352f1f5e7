/**
 * Turns a backend's cursor image (premultiplied BGRA, any size) into the `cursor-shape`
 * message (straight RGBA, at most CURSOR_MAX_SIDE a side, hotspot inside; SPEC.md P1).
 */
import { CURSOR_MAX_SIDE, type CursorShape } from '@tasuke/protocol'

import type { CursorImage } from '../capture/capture.js'

/** The start of a CURSOR_MAX_SIDE window along one axis that keeps the hotspot inside. */
function cropStart(size: number, hotspot: number): number {
  if (size <= CURSOR_MAX_SIDE) return 0
  const centred = hotspot - Math.floor(CURSOR_MAX_SIDE / 2)
  return Math.max(0, Math.min(size - CURSOR_MAX_SIDE, centred))
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value))
}

/** Premultiplied B, G, R, A -> straight R, G, B, A for one pixel. */
function unpremultiply(source: Buffer, from: number, target: Buffer, to: number): void {
  const alpha = source[from + 3] ?? 0
  if (alpha === 0) return // target is zero-filled: fully transparent
  const scale = 255 / alpha
  target[to] = Math.min(255, Math.round((source[from + 2] ?? 0) * scale))
  target[to + 1] = Math.min(255, Math.round((source[from + 1] ?? 0) * scale))
  target[to + 2] = Math.min(255, Math.round((source[from] ?? 0) * scale))
  target[to + 3] = alpha
}

export function toCursorShape(image: CursorImage): CursorShape {
  const sourceWidth = Math.max(0, Math.floor(image.width))
  const sourceHeight = Math.max(0, Math.floor(image.height))
  if (sourceWidth === 0 || sourceHeight === 0) {
    // A hidden or empty cursor: one transparent pixel keeps the message valid.
    const rgba = Buffer.alloc(4).toString('base64url')
    return { type: 'cursor-shape', width: 1, height: 1, hotspotX: 0, hotspotY: 0, rgba }
  }
  const left = cropStart(sourceWidth, image.xHot)
  const top = cropStart(sourceHeight, image.yHot)
  const width = Math.min(sourceWidth, CURSOR_MAX_SIDE)
  const height = Math.min(sourceHeight, CURSOR_MAX_SIDE)
  const rgba = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = ((top + y) * sourceWidth + left + x) * 4
      // A short pixel buffer reads as transparent rather than failing.
      if (from + 4 <= image.pixels.length)
        unpremultiply(image.pixels, from, rgba, (y * width + x) * 4)
    }
  }
  return {
    type: 'cursor-shape',
    width,
    height,
    hotspotX: clamp(image.xHot - left, 0, width - 1),
    hotspotY: clamp(image.yHot - top, 0, height - 1),
    // Node's base64url has no padding, as the message wants.
    rgba: rgba.toString('base64url'),
  }
}
