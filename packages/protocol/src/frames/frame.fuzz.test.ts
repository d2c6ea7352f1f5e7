import { describe, expect, it } from 'vitest'

import { FrameDecodeError } from '../errors.js'
import { FrameKind } from './constants.js'
import { decodeFrame, encodeFrame } from './frame.js'
import { decodeScreenUpdate } from './screen-update.js'

// Deterministic PRNG (mulberry32) so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function expectValueOrFrameError(run: () => unknown): void {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(FrameDecodeError)
  }
}

describe('frame decoders under random input', () => {
  it('[F6] throw only FrameDecodeError on random bytes', () => {
    const next = random(7)
    for (let round = 0; round < 5000; round += 1) {
      const bytes = Uint8Array.from({ length: Math.floor(next() * 40) }, () =>
        Math.floor(next() * 256),
      )
      if (next() < 0.5) bytes[0] = 1 // get past the version check often
      expectValueOrFrameError(() => decodeFrame(bytes))
      expectValueOrFrameError(() => decodeScreenUpdate(bytes))
    }
  })

  it('[F6] throw only FrameDecodeError on mutated valid frames, and decode the unchanged ones', () => {
    const next = random(8)
    const payload = Uint8Array.from({ length: 20 }, (_, index) => index)
    const good = encodeFrame({ kind: FrameKind.ScreenUpdate, sequence: 5, payload })
    for (let round = 0; round < 5000; round += 1) {
      const bytes = good.slice(0, Math.floor(next() * (good.length + 1)))
      for (let flips = Math.floor(next() * 3); flips > 0; flips -= 1) {
        bytes[Math.floor(next() * bytes.length)] = Math.floor(next() * 256)
      }
      expectValueOrFrameError(() => decodeFrame(bytes))
    }
    expect(decodeFrame(good).header.sequence).toBe(5)
  })
})
