import { describe, expect, it } from 'vitest'

import { luminance, textOn } from './brand'

describe('brand colour', () => {
  it('picks white text on dark accents and dark text on light ones', () => {
    expect(luminance('#000000')).toBe(0)
    expect(luminance('#ffffff')).toBeCloseTo(1)
    expect(textOn('#2563eb')).toBe('#ffffff')
    expect(textOn('#facc15')).toBe('#111827')
  })
})
