import { describe, expect, it } from 'vitest'

import type { RedeemFailure } from '../server-api/redeem.js'
import { MESSAGES, pickLanguage } from './messages.js'

const FAILURES: RedeemFailure[] = [
  'invalid-code',
  'unknown-code',
  'expired-code',
  'used-code',
  'rate-limited',
  'server-error',
]

describe('agent messages', () => {
  it('gives every failure its own message in both languages', () => {
    for (const language of ['ja', 'en'] as const) {
      const texts = FAILURES.map((failure) => MESSAGES[language].failure(failure, 30))
      expect(new Set(texts).size).toBe(FAILURES.length)
    }
    expect(MESSAGES.ja.failure('rate-limited', 30)).toContain('30秒')
    expect(MESSAGES.en.failure('rate-limited', 30)).toContain('30 seconds')
  })

  it('follows the flag, then the system locale', () => {
    expect(pickLanguage('en', { LANG: 'ja_JP.UTF-8' })).toBe('en')
    expect(pickLanguage(null, { LANG: 'ja_JP.UTF-8' })).toBe('ja')
    expect(pickLanguage(null, { LC_ALL: 'ja_JP.UTF-8', LANG: 'en_US' })).toBe('ja')
    expect(pickLanguage(null, {})).toBe('en')
  })
})
