import { randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { type FileSource, blobSource } from './file-source'
import { READ_BLOCK_BYTES, ReadAhead } from './read-ahead'

function counting(source: FileSource) {
  const reads: { offset: number; length: number }[] = []
  return {
    reads,
    source: {
      size: source.size,
      read: (offset: number, length: number) => {
        reads.push({ offset, length })
        return source.read(offset, length)
      },
    },
  }
}

describe('reading a file ahead', () => {
  it('gives the same bytes as the file, in big blocks, one block ahead', async () => {
    const bytes = randomBytes(2 * READ_BLOCK_BYTES + 1000)
    const { reads, source } = counting(blobSource(new Blob([bytes])))
    const reader = new ReadAhead(source)
    const pieces: Uint8Array[] = []
    for (let offset = 0; offset < bytes.byteLength;) {
      const piece = await reader.read(offset, 100_000)
      expect(piece.byteLength).toBeGreaterThan(0)
      pieces.push(piece)
      offset += piece.byteLength
    }
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true)
    expect(reads).toEqual([
      { offset: 0, length: READ_BLOCK_BYTES },
      { offset: READ_BLOCK_BYTES, length: READ_BLOCK_BYTES },
      { offset: 2 * READ_BLOCK_BYTES, length: 1000 },
    ])
  })

  it('starts again where asked after a jump (a resume), and notices a file that changed', async () => {
    const bytes = randomBytes(READ_BLOCK_BYTES + 10)
    const reader = new ReadAhead(blobSource(new Blob([bytes])))
    expect(Buffer.from(await reader.read(READ_BLOCK_BYTES + 5, 100))).toEqual(
      bytes.subarray(READ_BLOCK_BYTES + 5),
    )
    expect(Buffer.from(await reader.read(3, 4))).toEqual(bytes.subarray(3, 7))
    const short = new ReadAhead({ size: 100, read: () => Promise.resolve(new Uint8Array(10)) })
    await expect(short.read(50, 10)).rejects.toThrow(/changed while it was sent/)
  })
})
