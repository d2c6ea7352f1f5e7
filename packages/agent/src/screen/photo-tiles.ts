/**
 * A cheap test for photo-like tiles (pictures, video, gradients with noise), which JPEG
 * compresses far better than zlib: count the distinct colours on a sparse grid of samples.
 * Text, icons and flat UI reuse a handful of colours (anti-aliasing adds a few dozen at most);
 * a photo gives a new colour at almost every sample.
 */
import type { Frame, Rect } from '../capture/capture.js'

/** Every 4th pixel of every 4th row: 256 samples in a 64x64 tile. */
const SAMPLE_STEP = 4
/** Fewer samples than this (a thin edge tile) are too few to judge: lossless. */
const MIN_SAMPLES = 32
/** Share of samples with distinct colours above which a tile counts as a photo. */
const PHOTO_DISTINCT_SHARE = 0.5

/** Open-addressing hash set of colours, reused: a `Set` made the scan ~3x slower. */
const TABLE_SIZE = 1024 // a power of two, at least 4x the samples of one tile
const colours = new Int32Array(TABLE_SIZE)
/** Which scan filled each slot: a new scan empties the table without clearing it. */
const stamps = new Uint32Array(TABLE_SIZE)
let scan = 0

/** Distinct colours among the samples of `rect` in `frame` (desktop coordinates). */
export function sampledColours(frame: Frame, rect: Rect): { samples: number; distinct: number } {
  scan = (scan + 1) >>> 0
  if (scan === 0) {
    stamps.fill(0)
    scan = 1
  }
  let samples = 0
  let distinct = 0
  const data = frame.data
  const half = SAMPLE_STEP / 2
  for (let y = rect.y + half; y < rect.y + rect.height; y += SAMPLE_STEP) {
    let offset = (y - frame.y) * frame.stride + (rect.x + half - frame.x) * 4
    for (let x = rect.x + half; x < rect.x + rect.width; x += SAMPLE_STEP) {
      // B, G, R only: the X byte is padding and may hold anything.
      const colour =
        (data[offset] ?? 0) | ((data[offset + 1] ?? 0) << 8) | ((data[offset + 2] ?? 0) << 16)
      let slot = Math.imul(colour, 0x9e3779b1) >>> 22
      for (;;) {
        if (stamps[slot] !== scan) {
          stamps[slot] = scan
          colours[slot] = colour
          distinct += 1
          break
        }
        if (colours[slot] === colour) break
        slot = (slot + 1) & (TABLE_SIZE - 1)
      }
      samples += 1
      offset += SAMPLE_STEP * 4
    }
  }
  return { samples, distinct }
}

export function isPhotoLike(frame: Frame, rect: Rect): boolean {
  const { samples, distinct } = sampledColours(frame, rect)
  return samples >= MIN_SAMPLES && distinct > samples * PHOTO_DISTINCT_SHARE
}
