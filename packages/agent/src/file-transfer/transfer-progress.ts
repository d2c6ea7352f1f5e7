/**
 * Speed and time left of one transfer, from the bytes done over the last few seconds.
 * @module
 */

/** The window speed is measured over. */
const WINDOW_MS = 3_000

export interface ProgressFigures {
  readonly bytesPerSecond: number
  /** null while the speed is not known yet (or zero). */
  readonly secondsLeft: number | null
}

export interface TransferProgress {
  /** Notes the bytes done so far at `now`. */
  record(bytes: number, now: number): void
  figures(size: number, now: number): ProgressFigures
}

export function createTransferProgress(): TransferProgress {
  const samples: { at: number; bytes: number }[] = []
  return {
    record(bytes, now) {
      const last = samples.at(-1)
      if (last !== undefined && now - last.at < 100) {
        samples[samples.length - 1] = { at: last.at, bytes }
      } else {
        samples.push({ at: now, bytes })
      }
      while (samples.length > 2 && (samples[1]?.at ?? now) < now - WINDOW_MS) samples.shift()
    },
    figures(size, now) {
      const first = samples[0]
      const last = samples.at(-1)
      if (first === undefined || last === undefined || last.at <= first.at) {
        return { bytesPerSecond: 0, secondsLeft: null }
      }
      // Nothing for a while counts as slowing down, not as the last known speed.
      const span = Math.max(now, last.at) - first.at
      const bytesPerSecond = Math.max(0, ((last.bytes - first.bytes) * 1000) / span)
      const left = size - last.bytes
      return {
        bytesPerSecond: Math.round(bytesPerSecond),
        secondsLeft: bytesPerSecond > 0 ? Math.ceil(left / bytesPerSecond) : null,
      }
    },
  }
}
