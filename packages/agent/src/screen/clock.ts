/**
 * Time for the screen pipeline, injected so tests can drive pacing, refinement and cursor
 * polling without waiting on the wall clock.
 */

export interface ScreenClock {
  /** Milliseconds on a monotonic scale. */
  now(): number
  /** Runs `callback` once after `delayMs`; the returned function cancels it. */
  setTimer(delayMs: number, callback: () => void): () => void
}

export const systemClock: ScreenClock = {
  now: () => performance.now(),
  setTimer(delayMs, callback) {
    const timer = setTimeout(callback, delayMs)
    return () => {
      clearTimeout(timer)
    }
  },
}

/** One pending timer that can be re-armed; at most one callback is scheduled at a time. */
export class Timer {
  readonly #clock: ScreenClock
  readonly #callback: () => void
  #cancel: (() => void) | null = null
  #dueAt = Number.POSITIVE_INFINITY

  constructor(clock: ScreenClock, callback: () => void) {
    this.#clock = clock
    this.#callback = callback
  }

  get isArmed(): boolean {
    return this.#cancel !== null
  }

  /** Arms the timer for `delayMs` from now, unless it is already due sooner. */
  armWithin(delayMs: number): void {
    const dueAt = this.#clock.now() + Math.max(0, delayMs)
    if (this.#cancel !== null && this.#dueAt <= dueAt) return
    this.cancel()
    this.#dueAt = dueAt
    this.#cancel = this.#clock.setTimer(Math.max(0, delayMs), () => {
      this.#cancel = null
      this.#dueAt = Number.POSITIVE_INFINITY
      this.#callback()
    })
  }

  cancel(): void {
    this.#cancel?.()
    this.#cancel = null
    this.#dueAt = Number.POSITIVE_INFINITY
  }
}
