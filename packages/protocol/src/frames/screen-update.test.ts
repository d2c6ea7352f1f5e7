import { describe, expect, it } from 'vitest'

import { FrameDecodeError } from '../errors.js'
import {
  ScreenEncoding,
  decodeCopySource,
  decodeScreenUpdate,
  encodeCopySource,
  encodeScreenUpdate,
} from './screen-update.js'

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

  const copy = {
    x: 0,
    y: 0,
    width: 640,
    height: 400,
    encoding: ScreenEncoding.Copy,
    image: encodeCopySource({ x: 2, y: 300 }),
  }

  it('[F10] a copy carries its source as two u16 BE, and nothing else', () => {
    const bytes = encodeScreenUpdate(copy)
    expect([...bytes]).toEqual([0, 0, 0, 0, 2, 0x80, 1, 0x90, 5, 0, 2, 1, 0x2c])
    const decoded = decodeScreenUpdate(bytes)
    expect(decoded.encoding).toBe(ScreenEncoding.Copy)
    expect(decodeCopySource(decoded)).toEqual({ x: 2, y: 300 })
  })

  it('[F10] refuses a copy whose image is not 4 bytes or whose source ends past 65535', () => {
    const bytes = encodeScreenUpdate(copy)
    expect(reasonOf(() => decodeScreenUpdate(bytes.subarray(0, 12)))).toBe('bad-region')
    expect(reasonOf(() => decodeScreenUpdate(Uint8Array.of(...bytes, 0)))).toBe('bad-region')
    const far = bytes.slice()
    far[11] = 0xff // source y 0xff2c: 0xff2c + 400 - 1 > 0xffff
    expect(reasonOf(() => decodeScreenUpdate(far))).toBe('bad-region')
    const edge = bytes.slice()
    edge.set([0xfe, 0x70], 11) // 0xfe70 + 400 - 1 = 0xffff: the last row fits
    expect(decodeCopySource(decodeScreenUpdate(edge))).toEqual({ x: 2, y: 0xfe70 })
    expect(() => encodeScreenUpdate({ ...copy, image: new Uint8Array(3) })).toThrow(RangeError)
    expect(() =>
      encodeScreenUpdate({ ...copy, image: encodeCopySource({ x: 0, y: 65_200 }) }),
    ).toThrow(RangeError)
    expect(() => encodeCopySource({ x: -1, y: 0 })).toThrow(RangeError)
    expect(() => encodeCopySource({ x: 0, y: 65_536 })).toThrow(RangeError)
  })
})
