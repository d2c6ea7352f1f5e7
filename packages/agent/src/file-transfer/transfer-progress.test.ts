import { describe, expect, it } from 'vitest'

import { createTransferProgress } from './transfer-progress.js'

describe('transfer progress', () => {
  it('measures the speed over the last seconds and the time left from it', () => {
    const progress = createTransferProgress()
    expect(progress.figures(1000, 0)).toEqual({ bytesPerSecond: 0, secondsLeft: null })
    progress.record(0, 0)
    progress.record(100, 1000)
    progress.record(200, 2000)
    expect(progress.figures(1000, 2000)).toEqual({ bytesPerSecond: 100, secondsLeft: 8 })
    // A stall slows the figure down rather than keeping the last speed.
    expect(progress.figures(1000, 4000).bytesPerSecond).toBe(50)
    for (let t = 3000; t <= 10_000; t += 1000) progress.record(200 + (t - 2000) / 2, t)
    expect(progress.figures(1000, 10_000).bytesPerSecond).toBe(500)
  })
})
