import { describe, expect, it } from 'vitest'

import { useConfigFixture } from './test-support/config-fixture.js'

const fixture = useConfigFixture()
const { load, problems } = fixture

describe('REDIS_URL and SMTP_URL', () => {
  it('accept their schemes', () => {
    expect(load({ REDIS_URL: 'redis://cache:6379' }).redisUrl).toBe('redis://cache:6379')
    expect(load({ REDIS_URL: 'rediss://:pw@cache' }).redisUrl).toBe('rediss://:pw@cache')
    expect(load({ SMTP_URL: 'smtp://mail:587' }).smtpUrl).toBe('smtp://mail:587')
    expect(load({ SMTP_URL: 'smtps://u:p@mail' }).smtpUrl).toBe('smtps://u:p@mail')
  })

  it('refuse other schemes and non-URLs without showing credentials', () => {
    expect(problems({ REDIS_URL: 'http://user:pw@cache' })).toEqual([
      'REDIS_URL: must be a redis:// or rediss:// URL with a host, got "http://***@cache"',
    ])
    expect(problems({ SMTP_URL: 'mail.example.com' })).toEqual([
      'SMTP_URL: must be a smtp:// or smtps:// URL with a host, got "mail.example.com"',
    ])
  })
})
