import { describe, expect, it } from 'vitest'

import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('MAIL_FROM', () => {
  it.each(['help@example.com', 'Example Support <help@example.com>'])('accepts %s', (from) => {
    expect(load({ MAIL_FROM: from }).mailFrom).toBe(from)
  })

  it.each(['help', 'Support <help>', 'a@b@c'])('refuses %s', (from) => {
    expect(problems({ MAIL_FROM: from })).toEqual([
      `MAIL_FROM: must be an address or "Name <address>", got "${from}"`,
    ])
  })
})
