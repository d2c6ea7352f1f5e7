import { describe, expect, it } from 'vitest'

import { chooseEncodingPolicy, linkLevel } from './encoding-policy.js'

const GOOD = { roundTripMs: 20, bufferedBytes: 0 }
const SLOW = { roundTripMs: 150, bufferedBytes: 0 }
const CONGESTED = { roundTripMs: 30, bufferedBytes: 2 * 1024 * 1024 }

describe('chooseEncodingPolicy', () => {
  it('grades the link by ack round trip and unwritten bytes', () => {
    expect(linkLevel({ roundTripMs: null, bufferedBytes: 0 })).toBe('good')
    expect(linkLevel(GOOD)).toBe('good')
    expect(linkLevel(SLOW)).toBe('slow')
    expect(linkLevel(CONGESTED)).toBe('congested')
    expect(linkLevel({ roundTripMs: 900, bufferedBytes: 0 })).toBe('congested')
  })

  it("[P4] 'sharp' is lossless whatever the link; only the pace follows it", () => {
    for (const link of [GOOD, SLOW, CONGESTED]) {
      expect(chooseEncodingPolicy('sharp', link).canUseLossy).toBe(false)
    }
    expect(chooseEncodingPolicy('sharp', CONGESTED).minBatchIntervalMs).toBeGreaterThan(
      chooseEncodingPolicy('sharp', GOOD).minBatchIntervalMs,
    )
  })

  it("[P4] 'auto' lowers JPEG quality and frame rate as the link lags", () => {
    const [good, slow, congested] = [GOOD, SLOW, CONGESTED].map((link) =>
      chooseEncodingPolicy('auto', link),
    )
    expect(good?.jpegQuality).toBeGreaterThan(slow?.jpegQuality ?? 0)
    expect(slow?.jpegQuality).toBeGreaterThan(congested?.jpegQuality ?? 0)
    expect(good?.minBatchIntervalMs).toBeLessThan(congested?.minBatchIntervalMs ?? 0)
    expect(good).toMatchObject({ isPhotoLossy: false, isMotionLossyOnlyForPhotos: true })
    expect(slow).toMatchObject({ isPhotoLossy: true, isMotionLossyOnlyForPhotos: false })
  })

  it("[P4] 'fast' goes lossy sooner and lower than 'auto'", () => {
    const fast = chooseEncodingPolicy('fast', GOOD)
    const auto = chooseEncodingPolicy('auto', GOOD)
    expect(fast.motionStreak).toBeLessThan(auto.motionStreak)
    expect(fast.minMovingTiles).toBeLessThan(auto.minMovingTiles)
    expect(fast.jpegQuality).toBeLessThan(auto.jpegQuality)
    expect(fast.isPhotoLossy).toBe(true)
  })
})
