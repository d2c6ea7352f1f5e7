/** Time as the domain sees it; tests pass a fixed or advancing clock. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock for tests that only moves when told to. */
export function manualClock(start = new Date('2026-01-01T00:00:00.000Z')): Clock & {
  advance(ms: number): void
  set(date: Date): void
} {
  let current = start.getTime()
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms
    },
    set: (date) => {
      current = date.getTime()
    },
  }
}
