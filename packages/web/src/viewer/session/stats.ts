/**
 * The viewer's connection figures: frames painted and bytes received in the last second, the
 * last ping round trip, and the screen updates not yet acknowledged. DOM-free; the clock is
 * passed in so tests can move it.
 */

export interface ViewerStats {
  /** Screen updates painted during the last second. */
  readonly fps: number
  /** Round trip of the last answered ping, in milliseconds (null before the first). */
  readonly latencyMs: number | null
  /** Bytes received on the socket during the last second. */
  readonly bytesPerSecond: number
  /** Screen updates received and not yet painted or skipped. */
  readonly inFlight: number
}

const WINDOW_MS = 1000

export class StatsCounter {
  readonly #now: () => number
  readonly #painted: number[] = []
  readonly #received: { at: number; bytes: number }[] = []
  #latencyMs: number | null = null
  readonly #pings = new Map<number, number>()
  #nextPingId = 0

  constructor(now: () => number) {
    this.#now = now
  }

  painted(): void {
    this.#painted.push(this.#now())
  }

  received(bytes: number): void {
    this.#received.push({ at: this.#now(), bytes })
  }

  /** A new ping id; its send time is kept until the pong. */
  ping(): number {
    const id = this.#nextPingId
    this.#nextPingId += 1
    this.#pings.set(id, this.#now())
    // Pings the agent never answered (it was away) are not kept for ever.
    for (const old of this.#pings.keys()) if (old < id - 16) this.#pings.delete(old)
    return id
  }

  pong(id: number): void {
    const sentAt = this.#pings.get(id)
    if (sentAt === undefined) return
    this.#pings.delete(id)
    this.#latencyMs = Math.max(0, Math.round(this.#now() - sentAt))
  }

  /** Forgets the round trip (the peer left; the next handshake measures again). */
  resetLatency(): void {
    this.#latencyMs = null
    this.#pings.clear()
  }

  snapshot(inFlight: number): ViewerStats {
    const since = this.#now() - WINDOW_MS
    while ((this.#painted[0] ?? Infinity) <= since) this.#painted.shift()
    while ((this.#received[0]?.at ?? Infinity) <= since) this.#received.shift()
    let bytes = 0
    for (const entry of this.#received) bytes += entry.bytes
    return {
      fps: this.#painted.length,
      latencyMs: this.#latencyMs,
      bytesPerSecond: bytes,
      inFlight,
    }
  }
}
