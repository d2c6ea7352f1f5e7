import { randomBytes } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { blindIndex, normaliseEmail } from './blind-index.js'
import { createFieldCipher, FieldCipherError } from './field-cipher.js'

describe('field cipher', () => {
  const key = randomBytes(32)

  it('round-trips and never repeats a ciphertext', () => {
    const cipher = createFieldCipher(key, 'email')
    const a = cipher.encrypt('customer@example.com')
    const b = cipher.encrypt('customer@example.com')
    expect(a).not.toBe(b)
    expect(a).not.toContain('customer')
    expect(cipher.decrypt(a)).toBe('customer@example.com')
  })

  it('rejects a tampered value, another purpose and another key', () => {
    const stored = createFieldCipher(key, 'email').encrypt('x@example.com')
    const flipped = stored.slice(0, -2) + (stored.endsWith('A') ? 'B' : 'A') + stored.slice(-1)
    expect(() => createFieldCipher(key, 'email').decrypt(flipped)).toThrow(FieldCipherError)
    expect(() => createFieldCipher(key, 'chat').decrypt(stored)).toThrow(FieldCipherError)
    expect(() => createFieldCipher(randomBytes(32), 'email').decrypt(stored)).toThrow(
      FieldCipherError,
    )
    expect(() => createFieldCipher(key, 'email').decrypt('garbage')).toThrow(FieldCipherError)
  })

  it('refuses a key of the wrong size', () => {
    expect(() => createFieldCipher(randomBytes(16), 'email')).toThrow(FieldCipherError)
  })
})

describe('blind index', () => {
  it('is deterministic per key and hides the value', () => {
    const key = randomBytes(32)
    const index = blindIndex(key, normaliseEmail(' Ops@Example.COM '))
    expect(index).toBe(blindIndex(key, 'ops@example.com'))
    expect(index).not.toBe(blindIndex(randomBytes(32), 'ops@example.com'))
    expect(index).toMatch(/^[0-9a-f]{64}$/)
  })
})
