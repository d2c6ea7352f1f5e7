import { describe, expect, it } from 'vitest'

import { FrameDecodeError } from '../errors.js'
import {
  FILE_CHUNK_HEADER_BYTES,
  FILE_CHUNK_MAX_BYTES,
  FILE_MAX_BYTES,
  decodeFileChunk,
  encodeFileChunk,
} from './file-chunk.js'

function reasonOf(bytes: Uint8Array): string {
  try {
    decodeFileChunk(bytes)
  } catch (error) {
    if (error instanceof FrameDecodeError) return error.reason
    throw error
  }
  return 'decoded'
}

describe('file chunks', () => {
  it('[F11] gives back what was encoded, offsets past 2^32 included', () => {
    const data = new Uint8Array([1, 2, 3, 255])
    const encoded = encodeFileChunk({ transferId: 0xffff_ffff, offset: 2 ** 40 + 7, data })
    expect(encoded.byteLength).toBe(FILE_CHUNK_HEADER_BYTES + 4)
    const chunk = decodeFileChunk(encoded)
    expect(chunk.transferId).toBe(0xffff_ffff)
    expect(chunk.offset).toBe(2 ** 40 + 7)
    expect([...chunk.data]).toEqual([1, 2, 3, 255])
  })

  it('[F11] refuses a short header, no data, too much data and an end past the largest file', () => {
    expect(reasonOf(new Uint8Array(11))).toBe('truncated')
    expect(reasonOf(new Uint8Array(12))).toBe('bad-chunk')
    expect(reasonOf(new Uint8Array(12 + FILE_CHUNK_MAX_BYTES + 1))).toBe('bad-chunk')
    const pastEnd = new Uint8Array(13)
    new DataView(pastEnd.buffer).setBigUint64(4, BigInt(FILE_MAX_BYTES))
    expect(reasonOf(pastEnd)).toBe('bad-chunk')
    expect(reasonOf(new Uint8Array(12 + FILE_CHUNK_MAX_BYTES))).toBe('decoded')
  })

  it('[F6] the encoder throws RangeError for out-of-range fields', () => {
    const data = new Uint8Array(1)
    expect(() => encodeFileChunk({ transferId: -1, offset: 0, data })).toThrow(RangeError)
    expect(() => encodeFileChunk({ transferId: 2 ** 32, offset: 0, data })).toThrow(RangeError)
    expect(() => encodeFileChunk({ transferId: 1, offset: 0.5, data })).toThrow(RangeError)
    expect(() => encodeFileChunk({ transferId: 1, offset: FILE_MAX_BYTES, data })).toThrow(
      RangeError,
    )
    expect(() => encodeFileChunk({ transferId: 1, offset: 0, data: new Uint8Array(0) })).toThrow(
      RangeError,
    )
  })
})
