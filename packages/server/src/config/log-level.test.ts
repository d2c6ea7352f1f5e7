import { describe, expect, it } from 'vitest'

import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('LOG_LEVEL', () => {
  it.each(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent', 'DEBUG'])(
    'accepts %s',
    (level) => {
      expect(load({ LOG_LEVEL: level }).logLevel).toBe(level.toLowerCase())
    },
  )
  it('refuses others', () => {
    expect(problems({ LOG_LEVEL: 'verbose' })).toHaveLength(1)
  })
})
