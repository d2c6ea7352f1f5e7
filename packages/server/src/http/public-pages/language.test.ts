import { describe, expect, it } from 'vitest'

import { otherLanguageHref, pickPageLanguage } from './language.js'

describe('pickPageLanguage', () => {
  it.each([
    [undefined, undefined, 'en'],
    [undefined, 'ja-JP,ja;q=0.9,en-US;q=0.8', 'ja'],
    [undefined, 'en-GB,en;q=0.9,ja;q=0.8', 'en'],
    [undefined, 'fr-FR, en;q=0.4, ja;q=0.6', 'ja'],
    [undefined, 'de, fr', 'en'],
    [undefined, 'ja;q=0, en;q=0.1', 'en'],
    ['en', 'ja', 'en'],
    ['ja', 'en', 'ja'],
    ['xx', 'ja', 'ja'],
  ])('lang=%s, Accept-Language %s → %s', (chosen, header, expected) => {
    expect(pickPageLanguage(chosen, header)).toBe(expected)
  })

  it('links each page to itself in the other language', () => {
    expect(otherLanguageHref('/join/12345678', 'ja')).toBe('/join/12345678?lang=en')
    expect(otherLanguageHref('/s/acme', 'en')).toBe('/s/acme?lang=ja')
  })
})
