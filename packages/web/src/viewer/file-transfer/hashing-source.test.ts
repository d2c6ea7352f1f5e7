import { createHash, randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { blobSource } from './file-source'
import { hashingSource, isHashingSource } from './hashing-source'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('a source that hashes what it reads', () => {
  it('[T4] hashes the whole file once, whatever order the sender reads it in', async () => {
    const bytes = randomBytes(5 * 1024 * 1024 + 99)
    const source = hashingSource(blobSource(new Blob([bytes])))
    const parts = await Promise.all([
      source.read(0, 1000),
      source.read(1000, 4000),
      // Again from an earlier offset (a resume): not hashed twice.
      source.read(500, 2000),
      // Ahead of what was read (the agent holds more): the gap is read and hashed too.
      source.read(3 * 1024 * 1024, 10),
    ])
    expect(Buffer.from(parts[2])).toEqual(bytes.subarray(500, 2500))
    expect(Buffer.from(parts[3])).toEqual(bytes.subarray(3 * 1024 * 1024, 3 * 1024 * 1024 + 10))
    expect(await source.sha256()).toBe(sha256(bytes))
    // Asked again (a `file-done` sent again after a resume): the same answer.
    expect(await source.sha256()).toBe(sha256(bytes))
  })

  it('[T4] hashes an empty file', async () => {
    const source = hashingSource(blobSource(new Blob([])))
    expect(await source.sha256()).toBe(sha256(new Uint8Array()))
  })

  it('[T4] fails the hash of a file that got shorter than its size', async () => {
    const short = { size: 10, read: () => Promise.resolve(new Uint8Array()) }
    await expect(hashingSource(short).sha256()).rejects.toThrow('shorter')
  })

  it('tells a hashing source from a plain one', () => {
    const plain = blobSource(new Blob(['x']))
    expect(isHashingSource(plain)).toBe(false)
    expect(isHashingSource(hashingSource(plain))).toBe(true)
  })
})
