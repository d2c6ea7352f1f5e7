/**
 * What the pipeline remembers per tile to pick an encoding: how many diff passes in a row
 * changed it (a region that keeps changing is motion: scrolling, video, a window drag) and
 * whether the console holds a lossy version that must be refined once it rests.
 */

/** Changes further apart than this are separate events (typing), not one motion. */
const MOTION_MAX_GAP_MS = 250
/**
 * A lossy tile is sent again lossless once it has not changed for this long: longer than
 * the gaps inside one motion (16-33 ms a frame when scrolling or playing video, up to
 * ~120 ms between typed characters), so a motion is not refined at every pause, yet short
 * enough that text looks sharp again as soon as the eye settles on it.
 */
export const REFINE_AFTER_MS = 300

export class TileHistory {
  readonly #lastChangedPass: Int32Array
  readonly #streak: Uint16Array
  readonly #lastChangedAt: Float64Array
  /** When the console got a lossy version of the tile; -1 when it holds the exact pixels. */
  readonly #lossySentAt: Float64Array
  #pass = 0
  #lastPassAt = Number.NEGATIVE_INFINITY
  #lossyCount = 0

  constructor(tileCount: number) {
    this.#lastChangedPass = new Int32Array(tileCount).fill(-1)
    this.#streak = new Uint16Array(tileCount)
    this.#lastChangedAt = new Float64Array(tileCount).fill(Number.NEGATIVE_INFINITY)
    this.#lossySentAt = new Float64Array(tileCount).fill(-1)
  }

  /** Records one diff pass that found `tiles` changed. */
  recordChanges(tiles: readonly number[], now: number): void {
    if (tiles.length === 0) return
    const isContinuing = now - this.#lastPassAt <= MOTION_MAX_GAP_MS
    const previous = this.#pass
    this.#pass += 1
    for (const tile of tiles) {
      const isStreak = isContinuing && this.#lastChangedPass[tile] === previous
      const streak = isStreak ? (this.#streak[tile] ?? 0) + 1 : 1
      this.#streak[tile] = Math.min(streak, 0xffff)
      this.#lastChangedPass[tile] = this.#pass
      this.#lastChangedAt[tile] = now
    }
    this.#lastPassAt = now
  }

  /** How many passes in a row changed `tile`, ending with the latest pass (0 if it did not). */
  streakOf(tile: number): number {
    return this.#lastChangedPass[tile] === this.#pass ? (this.#streak[tile] ?? 0) : 0
  }

  isLossy(tile: number): boolean {
    return (this.#lossySentAt[tile] ?? -1) >= 0
  }

  recordSent(tile: number, isLossy: boolean, now: number): void {
    const wasLossy = this.isLossy(tile)
    this.#lossySentAt[tile] = isLossy ? now : -1
    this.#lossyCount += Number(isLossy) - Number(wasLossy)
  }

  /** Lossy tiles that have rested for REFINE_AFTER_MS, and when the next one will have. */
  dueForRefinement(now: number): { tiles: number[]; nextDueAt: number | null } {
    const tiles: number[] = []
    let nextDueAt: number | null = null
    if (this.#lossyCount === 0) return { tiles, nextDueAt }
    for (let tile = 0; tile < this.#lossySentAt.length; tile += 1) {
      const sentAt = this.#lossySentAt[tile] ?? -1
      if (sentAt < 0) continue
      const dueAt = Math.max(sentAt, this.#lastChangedAt[tile] ?? sentAt) + REFINE_AFTER_MS
      if (dueAt <= now) tiles.push(tile)
      else nextDueAt = nextDueAt === null ? dueAt : Math.min(nextDueAt, dueAt)
    }
    return { tiles, nextDueAt }
  }
}
