/** A transfer's recent speed from (time, bytes) samples over the last few seconds. */

const WINDOW_MS = 3000
const MIN_SPAN_MS = 250

export class ProgressMeter {
  readonly #samples: { at: number; bytes: number }[] = []

  /** Records that `bytes` were done at `at` (milliseconds). */
  record(at: number, bytes: number): void {
    const last = this.#samples.at(-1)
    // Bytes going back (a resume from an earlier offset) start a new measurement.
    if (last !== undefined && bytes < last.bytes) this.#samples.length = 0
    this.#samples.push({ at, bytes })
    while (this.#samples.length > 2 && at - (this.#samples[1]?.at ?? at) >= WINDOW_MS) {
      this.#samples.shift()
    }
  }

  /** Forgets the samples (the transfer paused: the pause is not a speed). */
  reset(): void {
    this.#samples.length = 0
  }

  /** Bytes per second over the window, or null until it spans a quarter of a second. */
  bytesPerSecond(): number | null {
    const first = this.#samples[0]
    const last = this.#samples.at(-1)
    if (first === undefined || last === undefined) return null
    const span = last.at - first.at
    if (span < MIN_SPAN_MS) return null
    return ((last.bytes - first.bytes) * 1000) / span
  }
}
