import { describe, expect, it } from 'vitest'

import { FrameDecodeError } from '../errors.js'
import { ScreenEncoding, decodeScreenUpdate, encodeScreenUpdate } from './screen-update.js'

function reasonOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof FrameDecodeError) return error.reason
    throw error
  }
  return undefined
}

const update = {
  x: 10,
  y: 65_535,
  width: 300,
  height: 1,
  encoding: ScreenEncoding.Webp,
  image: new Uint8Array([9, 8, 7]),
}

describe('screen updates', () => {
  it('[F8] lays out the region, the encoding and the image', () => {
    const bytes = encodeScreenUpdate(update)
    expect([...bytes]).toEqual([0, 10, 0xff, 0xff, 0x01, 0x2c, 0, 1, 3, 9, 8, 7])
    const decoded = decodeScreenUpdate(bytes)
    expect({ ...decoded, image: [...decoded.image] }).toEqual({ ...update, image: [9, 8, 7] })
  })

  it('[F8] refuses a short header, an empty region and an unknown encoding', () => {
    const bytes = encodeScreenUpdate(update)
    expect(reasonOf(() => decodeScreenUpdate(bytes.subarray(0, 8)))).toBe('truncated')
    const empty = bytes.slice()
    empty[4] = 0
    empty[5] = 0
    expect(reasonOf(() => decodeScreenUpdate(empty))).toBe('bad-region')
    const unknown = bytes.slice()
    unknown[8] = 0
    expect(reasonOf(() => decodeScreenUpdate(unknown))).toBe('unknown-encoding')
  })

  it('[F6] refuses out-of-range fields when encoding', () => {
    expect(() => encodeScreenUpdate({ ...update, width: 0 })).toThrow(RangeError)
    expect(() => encodeScreenUpdate({ ...update, x: 65_536 })).toThrow(RangeError)
    expect(() => encodeScreenUpdate({ ...update, encoding: 0 as ScreenEncoding })).toThrow(
      RangeError,
    )
  })
})
