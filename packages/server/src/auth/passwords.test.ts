import { describe, expect, it } from 'vitest'

import { createPasswordHasher } from './passwords.js'

const cheap = createPasswordHasher({ memoryCostKiB: 1024, timeCost: 1, parallelism: 1 })

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await cheap.hash('correct horse battery')
    expect(stored).toMatch(/^\$argon2id\$/)
    expect(stored).not.toContain('correct horse battery')
    expect(await cheap.verify(stored, 'correct horse battery')).toBe(true)
    expect(await cheap.verify(stored, 'correct horse batterY')).toBe(false)
  })

  it('uses the OWASP parameters by default', async () => {
    const stored = await createPasswordHasher().hash('correct horse battery')
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/)
  })

  it('treats a malformed stored hash as a mismatch, never an error', async () => {
    expect(await cheap.verify('not-a-hash', 'whatever')).toBe(false)
    await expect(cheap.verifyDummy('whatever')).resolves.toBeUndefined()
  })
})
