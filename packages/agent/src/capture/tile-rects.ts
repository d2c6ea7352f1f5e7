/** A grid of tile flags and its merge into few rectangles (runs in a row, then equal runs down). */
import type { Rect } from './capture.js'

/** The [column, row] of every `tileSize` tile that `rect` touches, clipped to `width` x `height`. */
export function* tilesTouching(
  rect: Rect,
  width: number,
  height: number,
  tileSize: number,
): Generator<[number, number]> {
  const left = Math.max(0, rect.x)
  const top = Math.max(0, rect.y)
  const right = Math.min(width, rect.x + rect.width)
  const bottom = Math.min(height, rect.y + rect.height)
  if (right <= left || bottom <= top) return
  const lastColumn = Math.floor((right - 1) / tileSize)
  const lastRow = Math.floor((bottom - 1) / tileSize)
  for (let row = Math.floor(top / tileSize); row <= lastRow; row += 1) {
    for (let column = Math.floor(left / tileSize); column <= lastColumn; column += 1) {
      yield [column, row]
    }
  }
}

export class TileGrid {
  readonly columns: number
  readonly rows: number
  readonly #flags: Uint8Array

  constructor(
    readonly width: number,
    readonly height: number,
    readonly tileSize: number,
  ) {
    this.columns = Math.ceil(width / tileSize)
    this.rows = Math.ceil(height / tileSize)
    this.#flags = new Uint8Array(this.columns * this.rows)
  }

  mark(column: number, row: number): void {
    this.#flags[row * this.columns + column] = 1
  }

  isMarked(column: number, row: number): boolean {
    return this.#flags[row * this.columns + column] === 1
  }

  /** Marks every tile that `rect` touches (clipped to the grid). */
  markRect(rect: Rect): void {
    for (const [column, row] of tilesTouching(rect, this.width, this.height, this.tileSize)) {
      this.mark(column, row)
    }
  }

  /**
   * The marked tiles as rectangles, each clipped to `clip`: horizontal runs of marked tiles,
   * and a run directly below one with the same columns extends it downwards.
   */
  toRects(clip: Rect = { x: 0, y: 0, width: this.width, height: this.height }): Rect[] {
    const done: Rect[] = []
    let open = new Map<string, { firstColumn: number; lastColumn: number; firstRow: number }>()
    const close = (
      run: { firstColumn: number; lastColumn: number; firstRow: number },
      end: number,
    ) => {
      const rect = this.#clipped(run.firstColumn, run.lastColumn, run.firstRow, end, clip)
      if (rect !== null) done.push(rect)
    }
    for (let row = 0; row < this.rows; row += 1) {
      const next = new Map<string, { firstColumn: number; lastColumn: number; firstRow: number }>()
      for (let column = 0; column < this.columns; column += 1) {
        if (!this.isMarked(column, row)) continue
        const firstColumn = column
        while (column + 1 < this.columns && this.isMarked(column + 1, row)) column += 1
        const key = `${firstColumn}:${column}`
        next.set(key, open.get(key) ?? { firstColumn, lastColumn: column, firstRow: row })
        open.delete(key)
      }
      for (const run of open.values()) close(run, row - 1)
      open = next
    }
    for (const run of open.values()) close(run, this.rows - 1)
    return done.sort((a, b) => a.y - b.y || a.x - b.x)
  }

  #clipped(
    firstColumn: number,
    lastColumn: number,
    firstRow: number,
    lastRow: number,
    clip: Rect,
  ): Rect | null {
    const size = this.tileSize
    const left = Math.max(firstColumn * size, clip.x, 0)
    const top = Math.max(firstRow * size, clip.y, 0)
    const right = Math.min((lastColumn + 1) * size, clip.x + clip.width, this.width)
    const bottom = Math.min((lastRow + 1) * size, clip.y + clip.height, this.height)
    if (right <= left || bottom <= top) return null
    return { x: left, y: top, width: right - left, height: bottom - top }
  }
}

/** The tile-aligned rectangles (clipped to the desktop) that cover every damaged rectangle. */
export function tilesCovering(
  damage: readonly Rect[],
  width: number,
  height: number,
  tileSize: number,
): Rect[] {
  const grid = new TileGrid(width, height, tileSize)
  for (const rect of damage) grid.markRect(rect)
  return grid.toRects()
}
