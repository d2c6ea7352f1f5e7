import { describe, expect, it } from 'vitest'

import { ApiError } from '../api-client'
import { en } from './en'
import { describeError, localeFor, MESSAGES, pickLanguage, translate } from './index'
import { ja } from './ja'

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort()

describe('messages', () => {
  it('Japanese and English have exactly the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort())
  })

  it('every message is non-empty and uses the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(en[key].trim(), key).not.toBe('')
      expect(ja[key].trim(), key).not.toBe('')
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]))
    }
  })

  it('uses the seed wording in Japanese where it applies', () => {
    expect(ja['sessions.cancel']).toBe('キャンセル')
    expect(ja['sessions.newCodeHint']).toContain('接続')
    expect(ja['outcome.declined']).toContain('承諾')
  })

  it('maps every error code of the API to a message in both languages', () => {
    const codes = [
      'invalid-credentials',
      'rate-limited',
      'totp-required',
      'totp-invalid',
      'csrf-failed',
      'unauthorized',
      'not-found',
      'email-taken',
      'last-admin',
      'cannot-change-self',
      'not-cancellable',
      'invitation-invalid',
      'setup-token-invalid',
      'already-set-up',
      'invalid-request',
      'invalid-code',
      'unknown-code',
      'expired-code',
      'used-code',
    ]
    for (const code of codes) {
      for (const language of ['ja', 'en'] as const) {
        const error = new ApiError({ code, message: 'server words', status: 400 })
        const text = describeError(language, error)
        expect(text, `${language} ${code}`).not.toBe('server words')
        expect(text).not.toMatch(/\{\w+\}/)
      }
    }
  })
})

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'nav.signedInAs', { name: 'Aiko' })).toBe('Signed in as Aiko')
    expect(translate('ja', 'nav.signedInAs', { name: 'Aiko' })).toBe('Aiko としてログイン中')
    expect(translate('en', 'nav.signedInAs')).toBe('Signed in as {name}')
  })
})

describe('pickLanguage', () => {
  it('prefers a stored choice, then the browser languages, then English', () => {
    expect(pickLanguage('en', ['ja-JP'])).toBe('en')
    expect(pickLanguage(null, ['fr-FR', 'ja-JP', 'en'])).toBe('ja')
    expect(pickLanguage('xx', ['en-GB'])).toBe('en')
    expect(pickLanguage(null, ['de'])).toBe('en')
  })

  it('keeps the browser region for dates when it speaks the chosen language', () => {
    expect(localeFor('en', ['en-GB', 'ja'])).toBe('en-GB')
    expect(localeFor('ja', ['en-GB'])).toBe('ja')
  })
})

describe('describeError', () => {
  it('tells how long to wait when rate-limited', () => {
    const error = new ApiError({
      code: 'rate-limited',
      message: 'x',
      status: 429,
      retryAfterSeconds: 120,
    })
    expect(describeError('en', error)).toBe('Too many attempts. Try again in 2 minutes.')
    expect(describeError('ja', error)).toContain('2')
  })

  it('names the bad field of an invalid request', () => {
    const error = new ApiError({
      code: 'invalid-request',
      message: 'x',
      status: 400,
      details: { field: 'email' },
    })
    expect(describeError('en', error)).toBe('Check “E-mail address”: x')
    const unknownField = new ApiError({
      code: 'invalid-request',
      message: 'widget: is not an accepted field',
      status: 400,
      details: { field: 'widget' },
    })
    expect(describeError('ja', unknownField)).toBe(
      '「widget」を確認してください：widget: is not an accepted field',
    )
  })

  it("falls back to the server's message for codes it does not know", () => {
    const error = new ApiError({ code: 'brand-new-code', message: 'Server says no.', status: 409 })
    expect(describeError('en', error)).toBe('Server says no.')
    expect(describeError('en', new Error('boom'))).toBe('Something went wrong: boom')
  })

  it('has messages for both languages in the table', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual(['en', 'ja'])
  })
})
