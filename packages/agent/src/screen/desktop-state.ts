/**
 * Everything the stream knows about one desktop size: the last grabbed pixels (the differ),
 * the tiles damaged since the last grab, the tiles the console does not have yet, the lossy
 * tiles due for a lossless copy, and the per-tile history. A new size starts a new state.
 */
import { TILE_SIZE, TileDiffer } from '../capture/tiles.js'
import { TileHistory } from './tile-history.js'
import { TileSet } from './tile-set.js'

export class DesktopState {
  readonly width: number
  readonly height: number
  readonly differ: TileDiffer
  /** Reported drawn by the backend and not grabbed since. */
  readonly damaged: TileSet
  /** Grabbed (so the differ has them) but not yet sent: the console's picture lacks them. */
  readonly unsent: TileSet
  /** Lossy on the console and resting: to be sent lossless. */
  readonly refine: TileSet
  readonly history: TileHistory
  /** The next grab must be the whole desktop (after a reset of the differ). */
  needsFullGrab = true

  constructor(width: number, height: number) {
    this.width = width
    this.height = height
    this.differ = new TileDiffer(width, height, TILE_SIZE)
    this.damaged = new TileSet(width, height, TILE_SIZE)
    this.unsent = new TileSet(width, height, TILE_SIZE)
    this.refine = new TileSet(width, height, TILE_SIZE)
    this.history = new TileHistory(this.damaged.columns * this.damaged.rows)
  }

  get hasWork(): boolean {
    return this.needsFullGrab || !this.damaged.isEmpty || !this.unsent.isEmpty
  }

  /** Forgets what the console has: every tile is grabbed and sent again. */
  resendAll(): void {
    this.differ.reset()
    this.needsFullGrab = true
    this.refine.clear()
  }
}
