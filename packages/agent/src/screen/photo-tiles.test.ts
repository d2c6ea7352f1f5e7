import { describe, expect, it } from 'vitest'

import type { Frame } from '../capture/capture.js'
import { isPhotoLike, sampledColours } from './photo-tiles.js'

function frameOf(colour: (x: number, y: number) => number, width = 64, height = 64): Frame {
  const data = Buffer.alloc(width * height * 4)
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) data.writeUInt32LE(colour(x, y) >>> 0, (y * width + x) * 4)
  }
  return { x: 0, y: 0, width, height, stride: width * 4, data }
}

const tile = { x: 0, y: 0, width: 64, height: 64 }

describe('isPhotoLike', () => {
  it('takes noise (a photo) for lossy and text-like pixels for lossless', () => {
    const photo = frameOf((x, y) => Math.imul(x * 7919 + y * 104_729, 2_654_435_761))
    expect(isPhotoLike(photo, tile)).toBe(true)
    // Black "glyphs" with 16 grey anti-aliasing levels on white.
    const text = frameOf((x, y) => ((x + y) % 5 === 0 ? 0x111111 * ((x * y) % 16) : 0xffffff))
    expect(sampledColours(text, tile).distinct).toBeLessThanOrEqual(17)
    expect(isPhotoLike(text, tile)).toBe(false)
    // A smooth vertical gradient (title bars) stays lossless too.
    expect(
      isPhotoLike(
        frameOf((_, y) => y * 0x030303),
        tile,
      ),
    ).toBe(false)
  })

  it('ignores the X padding byte and leaves thin edge tiles lossless', () => {
    const padded = frameOf((x, y) => ((x * 64 + y) << 24) | 0x336699)
    expect(sampledColours(padded, tile).distinct).toBe(1)
    const noise = frameOf((x, y) => Math.imul(x * 31 + y * 17, 2_654_435_761), 64, 4)
    expect(isPhotoLike(noise, { x: 0, y: 0, width: 64, height: 4 })).toBe(false)
  })
})
