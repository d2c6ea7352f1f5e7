import { describe, expect, it } from 'vitest'

import { isOfferedTarget, selectionReply } from './selection-reply.js'

describe('selection replies', () => {
  it('[P9] lists the offered targets for TARGETS', () => {
    expect(selectionReply('TARGETS', 'x')).toEqual({
      type: 'ATOM',
      format: 32,
      atoms: ['TARGETS', 'UTF8_STRING', 'STRING', 'TEXT'],
    })
  })

  it('[P9] answers UTF8_STRING and TEXT in UTF-8, STRING in Latin-1', () => {
    const utf8 = selectionReply('UTF8_STRING', '日本 é')
    expect(utf8).toEqual({ type: 'UTF8_STRING', format: 8, data: Buffer.from('日本 é') })
    expect(selectionReply('TEXT', '日本 é')).toEqual(utf8)
    expect(selectionReply('STRING', '日本 é')).toEqual({
      type: 'STRING',
      format: 8,
      data: Buffer.from([0x3f, 0x3f, 0x20, 0xe9]),
    })
  })

  it('[P9] offers nothing else', () => {
    expect(isOfferedTarget('UTF8_STRING')).toBe(true)
    expect(isOfferedTarget('image/png')).toBe(false)
    expect(isOfferedTarget('MULTIPLE')).toBe(false)
  })
})
