import { describe, expect, it } from 'vitest'

import { FrameDecodeError } from '../errors.js'
import {
  FRAME_HEADER_BYTES,
  FrameKind,
  MAX_FRAME_PAYLOAD_BYTES,
  MAX_FRAME_SEQUENCE,
} from './constants.js'
import { decodeFrame, encodeFrame } from './frame.js'
import { decodeFrameHeader } from './header.js'

function reasonOf(run: () => unknown): string | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof FrameDecodeError) return error.reason
    throw error
  }
  return undefined
}

const payload = new Uint8Array([1, 2, 3, 4, 5])

describe('frames', () => {
  it('[F1] lays the header out byte by byte', () => {
    const bytes = encodeFrame({
      kind: FrameKind.ScreenUpdate,
      isDroppable: true,
      sequence: 0x0102_0304_0506,
      payload,
    })
    expect([...bytes]).toEqual([
      1, 3, 1, 0, 0, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0, 0, 0, 5, 1, 2, 3, 4, 5,
    ])
    expect(FRAME_HEADER_BYTES).toBe(15)
  })

  it('[F6] decodes what it encodes', () => {
    for (const sequence of [0, 1, 2 ** 32 - 1, 2 ** 32, MAX_FRAME_SEQUENCE]) {
      for (const isDroppable of [false, true]) {
        const frame = decodeFrame(
          encodeFrame({ kind: FrameKind.Message, isDroppable, sequence, payload }),
        )
        expect(frame.header).toEqual({
          kind: FrameKind.Message,
          isDroppable,
          sequence,
          payloadLength: 5,
        })
        expect([...frame.payload]).toEqual([...payload])
      }
    }
  })

  it('[F2] refuses a bad version, an unknown kind and reserved flags', () => {
    const good = encodeFrame({ kind: FrameKind.Message, sequence: 0, payload })
    const withByte = (offset: number, value: number) => {
      const copy = good.slice()
      copy[offset] = value
      return copy
    }
    expect(reasonOf(() => decodeFrame(withByte(0, 2)))).toBe('bad-version')
    expect(reasonOf(() => decodeFrame(withByte(1, 0)))).toBe('unknown-kind')
    expect(reasonOf(() => decodeFrame(withByte(1, 99)))).toBe('unknown-kind')
    expect(reasonOf(() => decodeFrame(withByte(2, 0b10)))).toBe('bad-flags')
  })

  it('[F3] refuses an oversized declared payload from the header alone', () => {
    const header = encodeFrame({ kind: FrameKind.Message, sequence: 0, payload: new Uint8Array() })
    new DataView(header.buffer).setUint32(11, MAX_FRAME_PAYLOAD_BYTES + 1)
    expect(reasonOf(() => decodeFrameHeader(header))).toBe('too-large')
  })

  it('[F4] refuses truncated frames and trailing bytes', () => {
    const good = encodeFrame({ kind: FrameKind.Message, sequence: 0, payload })
    expect(reasonOf(() => decodeFrame(good.subarray(0, 3)))).toBe('truncated')
    expect(reasonOf(() => decodeFrame(good.subarray(0, good.length - 1)))).toBe('truncated')
    const longer = new Uint8Array(good.length + 1)
    longer.set(good)
    expect(reasonOf(() => decodeFrame(longer))).toBe('length-mismatch')
  })

  it('[F4] reads a header from a partial frame and at an offset inside a larger buffer', () => {
    const good = encodeFrame({ kind: FrameKind.Message, sequence: 7, payload })
    const shifted = new Uint8Array(good.length + 3)
    shifted.set(good, 3)
    expect(decodeFrameHeader(shifted.subarray(3, 3 + FRAME_HEADER_BYTES)).sequence).toBe(7)
    expect(decodeFrame(shifted.subarray(3)).header.sequence).toBe(7)
  })

  it('[F5] refuses a sequence above 2^48 - 1', () => {
    const good = encodeFrame({ kind: FrameKind.Message, sequence: 0, payload })
    good[4] = 1 // the 2^48 bit
    expect(reasonOf(() => decodeFrame(good))).toBe('bad-sequence')
  })

  it('[F6] refuses out-of-range fields when encoding', () => {
    const encode = (sequence: number) => () =>
      encodeFrame({ kind: FrameKind.Message, sequence, payload })
    expect(encode(-1)).toThrow(RangeError)
    expect(encode(1.5)).toThrow(RangeError)
    expect(encode(MAX_FRAME_SEQUENCE + 1)).toThrow(RangeError)
    expect(() => encodeFrame({ kind: 9 as FrameKind, sequence: 0, payload })).toThrow(RangeError)
  })
})
