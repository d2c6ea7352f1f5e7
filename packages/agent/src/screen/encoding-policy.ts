/**
 * How the picture is encoded and paced, from the operator's quality choice and the state of
 * the link: the smoothed ack round trip (network plus the viewer's paint time) and the bytes
 * the link has accepted but not yet written. A lagging link or viewer gets lower JPEG quality,
 * lossy photos and fewer batches per second.
 */
import type { ScreenQuality } from '@tasuke/protocol'

export interface LinkState {
  readonly roundTripMs: number | null
  readonly bufferedBytes: number
}

export interface EncodingPolicy {
  /** Whether moving or photo-like tiles may be sent lossy at all. */
  readonly canUseLossy: boolean
  /** Passes in a row a tile must change in to count as motion. */
  readonly motionStreak: number
  /** Moving tiles one pass must have for motion to go lossy (keeps a caret or clock sharp). */
  readonly minMovingTiles: number
  /**
   * Whether motion goes lossy only where it is photo-like (video): for text and flat UI, zlib
   * is smaller than JPEG q80 and faster here (1080p terminal screen: 316 kB in 15 ms against
   * 468 kB in 55 ms), so on a good link scrolling text stays lossless.
   */
  readonly isMotionLossyOnlyForPhotos: boolean
  /** Whether photo-like tiles go lossy even when still. */
  readonly isPhotoLossy: boolean
  readonly jpegQuality: number
  /** Least time between two batches of updates (60 per second at most). */
  readonly minBatchIntervalMs: number
}

export type LinkLevel = 'good' | 'slow' | 'congested'

/** Above this many unwritten bytes the stream waits: the link is the bottleneck. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

const FRAME_INTERVAL_MS = { good: 16, slow: 33, congested: 66 } as const
const AUTO_JPEG_QUALITY = { good: 80, slow: 65, congested: 50 } as const
const FAST_JPEG_QUALITY = { good: 70, slow: 55, congested: 40 } as const

export function linkLevel(link: LinkState): LinkLevel {
  const roundTripMs = link.roundTripMs ?? 0
  if (roundTripMs < 80 && link.bufferedBytes < 256 * 1024) return 'good'
  if (roundTripMs < 250 && link.bufferedBytes < 1024 * 1024) return 'slow'
  return 'congested'
}

export function chooseEncodingPolicy(quality: ScreenQuality, link: LinkState): EncodingPolicy {
  const level = linkLevel(link)
  switch (quality) {
    case 'sharp':
      return {
        canUseLossy: false,
        motionStreak: Number.POSITIVE_INFINITY,
        minMovingTiles: Number.POSITIVE_INFINITY,
        isMotionLossyOnlyForPhotos: true,
        isPhotoLossy: false,
        jpegQuality: 0,
        minBatchIntervalMs: FRAME_INTERVAL_MS[level],
      }
    case 'fast':
      return {
        canUseLossy: true,
        motionStreak: 2,
        minMovingTiles: 1,
        isMotionLossyOnlyForPhotos: false,
        isPhotoLossy: true,
        jpegQuality: FAST_JPEG_QUALITY[level],
        minBatchIntervalMs: level === 'congested' ? FRAME_INTERVAL_MS.slow : FRAME_INTERVAL_MS.good,
      }
    case 'auto':
      return {
        canUseLossy: true,
        motionStreak: 3,
        minMovingTiles: 4,
        // On a slow link fewer bytes matter more than sharpness until the motion stops.
        isMotionLossyOnlyForPhotos: level === 'good',
        // On a good link a still photo is cheaper sent once lossless than lossy plus refinement.
        isPhotoLossy: level !== 'good',
        jpegQuality: AUTO_JPEG_QUALITY[level],
        minBatchIntervalMs: FRAME_INTERVAL_MS[level],
      }
  }
}
