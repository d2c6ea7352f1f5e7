import { describe, expect, it } from 'vitest'

import * as validate from './validate'

describe('suggestSlug', () => {
  it('turns a company name into a short name', () => {
    expect(validate.suggestSlug('Example Support')).toBe('example-support')
    expect(validate.suggestSlug('  Café Ünïcode K.K. ')).toBe('cafe-unicode-k-k')
    expect(validate.suggestSlug('ＡＢＣ　サポート')).toBe('abc')
  })

  it('leaves it empty when nothing ASCII is left, and stays within 40 characters', () => {
    expect(validate.suggestSlug('助けサポート株式会社')).toBe('')
    const long = validate.suggestSlug('a'.repeat(39) + ' b')
    expect(long.length).toBeLessThanOrEqual(40)
    expect(long.endsWith('-')).toBe(false)
    expect(validate.slug(long, 'x')).toBeNull()
  })
})

describe('rules', () => {
  it('checks short names', () => {
    expect(validate.slug('example', 'x')).toBeNull()
    expect(validate.slug('a1-b2', 'x')).toBeNull()
    expect(validate.slug('abc', 'x')).toBeNull()
    expect(validate.slug('', 'x')?.key).toBe('validation.required')
    for (const bad of ['a', 'ab', '-ab', 'ab-', 'Ab', 'a b', 'a'.repeat(41)]) {
      expect(validate.slug(bad, 'x')?.key, bad).toBe('validation.slug')
    }
  })

  it('checks e-mail addresses and passwords as the server does', () => {
    expect(validate.email('aiko@example.com', 'x')).toBeNull()
    expect(validate.email('aiko@example', 'x')?.key).toBe('validation.email')
    expect(validate.email(' ', 'x')?.key).toBe('validation.required')
    expect(validate.password('0123456789', 'x')).toBeNull()
    expect(validate.password('012345678', 'x')?.key).toBe('validation.passwordLength')
    expect(validate.password('x'.repeat(201), 'x')?.key).toBe('validation.passwordLength')
    expect(validate.confirmation('a', 'b')?.key).toBe('validation.passwordMismatch')
  })

  it('checks company settings', () => {
    expect(validate.brandColor('#2563eb')).toBeNull()
    expect(validate.brandColor('2563eb')).not.toBeNull()
    expect(validate.logoUrl('')).toBeNull()
    expect(validate.logoUrl('https://example.com/logo.png')).toBeNull()
    expect(validate.logoUrl('http://example.com/logo.png')).not.toBeNull()
    expect(validate.retentionDays('180')).toBeNull()
    expect(validate.retentionDays('0')).not.toBeNull()
    expect(validate.retentionDays('3651')).not.toBeNull()
    expect(validate.retentionDays('1.5')).not.toBeNull()
  })

  it('checks codes and date ranges', () => {
    expect(validate.totpCode('123 456')).toBeNull()
    expect(validate.totpCode('12345')).not.toBeNull()
    expect(validate.dateRange('2025-01-02', '2025-01-01')).not.toBeNull()
    expect(validate.dateRange('2025-01-01', '')).toBeNull()
  })
})
