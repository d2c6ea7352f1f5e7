import { createHash, randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { Sha256 } from './sha256'

const text = (value: string) => new TextEncoder().encode(value)

describe('incremental SHA-256', () => {
  it('[T4] hashes the empty input like node:crypto', () => {
    expect(new Sha256().digestHex()).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    )
  })

  it('[T4] hashes "abc" and the two-block FIPS 180-4 example', () => {
    expect(new Sha256().update(text('abc')).digestHex()).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    const twoBlocks = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'
    expect(new Sha256().update(text(twoBlocks)).digestHex()).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
  })

  it('[T4] gives node:crypto’s answer for 1 MB of random bytes split at odd boundaries', () => {
    const bytes = randomBytes(1_000_000)
    const expected = createHash('sha256').update(bytes).digest('hex')
    const hash = new Sha256()
    const sizes = [1, 63, 64, 65, 55, 56, 57, 127, 4093, 262_144, 3, 100_001]
    let at = 0
    for (let i = 0; at < bytes.byteLength; i += 1) {
      const size = sizes[i % sizes.length] ?? 1
      hash.update(bytes.subarray(at, at + size))
      at += size
    }
    expect(hash.byteLength).toBe(bytes.byteLength)
    expect(hash.digestHex()).toBe(expected)
  })

  it('[T4] matches node:crypto at every length around the padding boundary', () => {
    const bytes = randomBytes(200)
    for (let length = 0; length <= 200; length += 1) {
      const part = bytes.subarray(0, length)
      const expected = createHash('sha256').update(part).digest('hex')
      expect(new Sha256().update(part).digestHex(), `length ${length}`).toBe(expected)
    }
  })

  it('refuses more input once finished', () => {
    const hash = new Sha256()
    hash.digestHex()
    expect(() => hash.update(text('late'))).toThrow(/finished/)
    expect(() => hash.digestHex()).toThrow(/finished/)
  })
})
