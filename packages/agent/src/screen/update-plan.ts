/**
 * Chooses an encoding for each tile the console lacks and merges the tiles into the updates
 * to send: lossless by default; lossy for motion (a large enough area that changed in several
 * passes in a row; with some policies only where it is photo-like, i.e. video) and, when the
 * policy says so, for still photo-like tiles; never lossy for a tile being refined.
 */
import type { Frame, Rect } from '../capture/capture.js'
import type { EncodingPolicy } from './encoding-policy.js'
import { isPhotoLike } from './photo-tiles.js'
import { splitIntoBands } from './region-encoding.js'
import type { TileHistory } from './tile-history.js'
import { TileSet } from './tile-set.js'

export interface PlannedUpdate {
  readonly rect: Rect
  readonly isLossy: boolean
}

export function planUpdates(parts: {
  tiles: TileSet
  refine: TileSet
  pixels: Frame
  history: TileHistory
  policy: EncodingPolicy
}): PlannedUpdate[] {
  const { tiles, refine, pixels, history, policy } = parts
  const lossy = new TileSet(tiles.width, tiles.height, tiles.tileSize)
  const lossless = new TileSet(tiles.width, tiles.height, tiles.tileSize)
  const isPhoto = (tile: number) => isPhotoLike(pixels, tiles.rectOf(tile))
  const isLossyTile = (tile: number, isMotionLossy: boolean): boolean => {
    if (refine.has(tile)) return false
    const isMoving = isMotionLossy && history.streakOf(tile) >= policy.motionStreak
    if (isMoving && !policy.isMotionLossyOnlyForPhotos) return true
    return (isMoving || policy.isPhotoLossy) && isPhoto(tile)
  }
  if (policy.canUseLossy) {
    const moving: number[] = []
    for (const tile of tiles) {
      if (!refine.has(tile) && history.streakOf(tile) >= policy.motionStreak) moving.push(tile)
    }
    const isMotionLossy = moving.length >= policy.minMovingTiles
    for (const tile of tiles) {
      ;(isLossyTile(tile, isMotionLossy) ? lossy : lossless).add(tile)
    }
  } else {
    for (const tile of tiles) lossless.add(tile)
  }
  const planned: PlannedUpdate[] = []
  for (const [set, isLossy] of [
    [lossless, false],
    [lossy, true],
  ] as const) {
    for (const rect of set.toRects()) {
      for (const band of splitIntoBands(rect, tiles.tileSize)) planned.push({ rect: band, isLossy })
    }
  }
  // Top to bottom, as the eye reads: when the window cuts a batch short, the top arrives first.
  return planned.sort((a, b) => a.rect.y - b.rect.y || a.rect.x - b.rect.x)
}
