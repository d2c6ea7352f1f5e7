import { describe, expect, it } from 'vitest'

import { accountLockoutMs } from './login.js'

describe('accountLockoutMs', () => {
  it('locks from the 5th failure in a row: 1 minute, doubling, at most 1 hour', () => {
    const minutes = [1, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1000].map((n) => accountLockoutMs(n) / 60_000)
    expect(minutes).toEqual([0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60])
  })
})
