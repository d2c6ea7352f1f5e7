import { describe, expect, it } from 'vitest'

import { stricterPolicy } from './access-policy.js'

describe('stricterPolicy', () => {
  it('[D3] keeps the server policy when the device has none', () => {
    expect(stricterPolicy({ mode: 'connect' }, null)).toEqual({ mode: 'connect' })
  })

  it('[D3] lets the device setting make it stricter, never laxer', () => {
    expect(stricterPolicy({ mode: 'connect' }, { mode: 'always-ask' })).toEqual({
      mode: 'always-ask',
    })
    expect(stricterPolicy({ mode: 'always-ask' }, { mode: 'connect' })).toEqual({
      mode: 'always-ask',
    })
    expect(
      stricterPolicy({ mode: 'ask-then-connect', askSeconds: 30 }, { mode: 'connect' }),
    ).toEqual({ mode: 'ask-then-connect', askSeconds: 30 })
  })

  it('[D3] takes the longer wait between two ask-then-connect policies', () => {
    expect(
      stricterPolicy(
        { mode: 'ask-then-connect', askSeconds: 30 },
        { mode: 'ask-then-connect', askSeconds: 120 },
      ),
    ).toEqual({ mode: 'ask-then-connect', askSeconds: 120 })
    expect(
      stricterPolicy(
        { mode: 'ask-then-connect', askSeconds: 300 },
        { mode: 'ask-then-connect', askSeconds: 10 },
      ),
    ).toEqual({ mode: 'ask-then-connect', askSeconds: 300 })
  })
})
