/**
 * A set of desktop tiles (the same 64x64 grid as `capture/tiles.ts`), for the regions that
 * wait to be grabbed or sent. Its size is fixed by the desktop, so however many changes
 * arrive while the console lags, only the newest state of each tile is ever kept.
 */
import type { Rect } from '../capture/capture.js'
import { TileGrid, tilesTouching } from '../capture/tile-rects.js'

export class TileSet {
  readonly columns: number
  readonly rows: number
  readonly #flags: Uint8Array
  #size = 0

  constructor(
    readonly width: number,
    readonly height: number,
    readonly tileSize: number,
  ) {
    this.columns = Math.ceil(width / tileSize)
    this.rows = Math.ceil(height / tileSize)
    this.#flags = new Uint8Array(this.columns * this.rows)
  }

  get size(): number {
    return this.#size
  }

  get isEmpty(): boolean {
    return this.#size === 0
  }

  has(tile: number): boolean {
    return this.#flags[tile] === 1
  }

  add(tile: number): void {
    if (tile < 0 || tile >= this.#flags.length || this.#flags[tile] === 1) return
    this.#flags[tile] = 1
    this.#size += 1
  }

  delete(tile: number): void {
    if (this.#flags[tile] !== 1) return
    this.#flags[tile] = 0
    this.#size -= 1
  }

  clear(): void {
    this.#flags.fill(0)
    this.#size = 0
  }

  addAll(): void {
    this.#flags.fill(1)
    this.#size = this.#flags.length
  }

  /** Adds every tile `rect` touches (clipped to the desktop). */
  addRect(rect: Rect): void {
    for (const tile of this.tilesOf(rect)) this.add(tile)
  }

  /** The tiles `rect` touches, clipped to the desktop. */
  *tilesOf(rect: Rect): Generator<number> {
    for (const [column, row] of tilesTouching(rect, this.width, this.height, this.tileSize)) {
      yield row * this.columns + column
    }
  }

  *[Symbol.iterator](): Generator<number> {
    for (let tile = 0; tile < this.#flags.length; tile += 1) {
      if (this.#flags[tile] === 1) yield tile
    }
  }

  /** The desktop rectangle of one tile (clipped at the right and bottom edges). */
  rectOf(tile: number): Rect {
    const x = (tile % this.columns) * this.tileSize
    const y = Math.floor(tile / this.columns) * this.tileSize
    return {
      x,
      y,
      width: Math.min(this.tileSize, this.width - x),
      height: Math.min(this.tileSize, this.height - y),
    }
  }

  /** The tiles merged into few rectangles (runs in a row, equal runs downwards). */
  toRects(): Rect[] {
    const grid = new TileGrid(this.width, this.height, this.tileSize)
    for (const tile of this) grid.mark(tile % this.columns, Math.floor(tile / this.columns))
    return grid.toRects()
  }
}
