import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { type ChordKey, isPasteChord, PASTE_WAIT_MS, PasteChord } from './paste-chord'

const CTRL_V: ChordKey = { code: 'KeyV', key: 'v', ctrlKey: true, metaKey: false, altKey: false }

function setup(isActive = true) {
  const log: string[] = []
  const chord = new PasteChord({
    isActive: () => isActive,
    sendText: (text) => log.push(`text ${text}`),
  })
  const press = () => log.push('press V')
  return { chord, log, press }
}

describe('PasteChord', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('[P9] sends the pasted text before the V press', () => {
    const { chord, log, press } = setup()
    expect(chord.hold(CTRL_V, press)).toBe(true)
    expect(log).toEqual([])
    chord.handlePaste('貼り付け')
    expect(log).toEqual(['text 貼り付け', 'press V'])
    expect(chord.isHolding).toBe(false)
  })

  it('[P9] lets the press go after a short wait when no paste comes, or at the key’s release', () => {
    const { chord, log, press } = setup()
    chord.hold(CTRL_V, press)
    vi.advanceTimersByTime(PASTE_WAIT_MS)
    expect(log).toEqual(['press V'])
    chord.hold(CTRL_V, press)
    chord.handleKeyUp()
    expect(log).toEqual(['press V', 'press V'])
    vi.advanceTimersByTime(PASTE_WAIT_MS)
    expect(log).toHaveLength(2)
  })

  it('[P9] holds nothing while the customer does not share the clipboard', () => {
    const { chord, log, press } = setup(false)
    expect(chord.hold(CTRL_V, press)).toBe(false)
    chord.handlePaste('ignored')
    expect(log).toEqual([])
  })

  it('drops a held press when focus leaves, and sends no empty text', () => {
    const { chord, log, press } = setup()
    chord.hold(CTRL_V, press)
    chord.cancel()
    vi.advanceTimersByTime(PASTE_WAIT_MS)
    chord.handlePaste('')
    chord.handlePaste(null)
    expect(log).toEqual([])
  })

  it('knows Ctrl+V and Cmd+V, by position or character, and nothing else', () => {
    expect(isPasteChord(CTRL_V)).toBe(true)
    expect(isPasteChord({ ...CTRL_V, ctrlKey: false, metaKey: true })).toBe(true)
    expect(isPasteChord({ ...CTRL_V, code: 'Period', key: 'v' })).toBe(true) // Dvorak V
    expect(isPasteChord({ ...CTRL_V, ctrlKey: false })).toBe(false)
    expect(isPasteChord({ ...CTRL_V, altKey: true })).toBe(false)
    expect(isPasteChord({ ...CTRL_V, code: 'KeyC', key: 'c' })).toBe(false)
  })
})
