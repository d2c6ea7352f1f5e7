/** A clock for tests: time moves only when the test calls `advance`, firing due timers in order. */
import type { ScreenClock } from '../clock.js'

export class ManualClock implements ScreenClock {
  #now = 1000
  #nextId = 0
  readonly #timers = new Map<number, { dueAt: number; callback: () => void }>()

  now(): number {
    return this.#now
  }

  setTimer(delayMs: number, callback: () => void): () => void {
    const id = this.#nextId
    this.#nextId += 1
    this.#timers.set(id, { dueAt: this.#now + delayMs, callback })
    return () => {
      this.#timers.delete(id)
    }
  }

  get pendingTimers(): number {
    return this.#timers.size
  }

  /** Moves time forward by `ms`, running each timer that falls due, earliest first. */
  advance(ms: number): void {
    const end = this.#now + ms
    for (;;) {
      let nextId: number | undefined
      let nextDue = Number.POSITIVE_INFINITY
      for (const [id, timer] of this.#timers) {
        if (timer.dueAt <= end && timer.dueAt < nextDue) {
          nextId = id
          nextDue = timer.dueAt
        }
      }
      const timer = nextId === undefined ? undefined : this.#timers.get(nextId)
      if (nextId === undefined || timer === undefined) break
      this.#timers.delete(nextId)
      this.#now = Math.max(this.#now, timer.dueAt)
      timer.callback()
    }
    this.#now = end
  }
}
