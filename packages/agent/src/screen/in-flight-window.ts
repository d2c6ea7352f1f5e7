/**
 * The updates sent and not yet acknowledged (SPEC.md P2), bounded by a frame count, and the
 * smoothed send-to-ack round trip that the quality policy adapts to. Acks for sequences it
 * does not hold (unknown, repeated, from an earlier stream) change nothing.
 */

/** Weight of a new round-trip sample (1/8, as TCP's smoothed RTT). */
const ROUND_TRIP_GAIN = 0.125

export class InFlightWindow {
  readonly maxFrames: number
  readonly #sentAt = new Map<number, { at: number; bytes: number }>()
  #bytes = 0
  #roundTripMs: number | null = null

  constructor(maxFrames: number) {
    if (!Number.isInteger(maxFrames) || maxFrames < 1) {
      throw new RangeError(`maxInFlight must be a positive integer, not ${maxFrames}`)
    }
    this.maxFrames = maxFrames
  }

  get count(): number {
    return this.#sentAt.size
  }

  get bytes(): number {
    return this.#bytes
  }

  /** How many more frames may be sent now. */
  get room(): number {
    return this.maxFrames - this.#sentAt.size
  }

  get roundTripMs(): number | null {
    return this.#roundTripMs
  }

  add(sequence: number, bytes: number, now: number): void {
    const previous = this.#sentAt.get(sequence)
    // A sink never reuses a sequence; if one did, the older entry is replaced, not leaked.
    if (previous !== undefined) this.#bytes -= previous.bytes
    this.#sentAt.set(sequence, { at: now, bytes })
    this.#bytes += bytes
  }

  /** Returns whether `sequence` was in flight. */
  acknowledge(sequence: number, now: number): boolean {
    const sent = this.#sentAt.get(sequence)
    if (sent === undefined) return false
    this.#sentAt.delete(sequence)
    this.#bytes -= sent.bytes
    const sample = Math.max(0, now - sent.at)
    this.#roundTripMs =
      this.#roundTripMs === null
        ? sample
        : this.#roundTripMs + ROUND_TRIP_GAIN * (sample - this.#roundTripMs)
    return true
  }
}
