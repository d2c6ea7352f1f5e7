import { describe, expect, it } from 'vitest'

import { KeyTracker } from './key-tracker'
import type { KeyEventMessage } from './messages'

function setup() {
  const sent: KeyEventMessage[] = []
  const tracker = new KeyTracker((message) => sent.push(message))
  const summary = () => sent.map((event) => `${event.isDown ? '+' : '-'}${event.code || event.key}`)
  return { tracker, sent, summary }
}

describe('KeyTracker', () => {
  it('[lesson 8] releases every held key on blur, last pressed first', () => {
    const { tracker, summary } = setup()
    tracker.press({ code: 'ShiftLeft', key: 'Shift' })
    tracker.press({ code: 'KeyA', key: 'A' })
    tracker.press({ code: 'ControlLeft', key: 'Control' })
    tracker.release({ code: 'KeyA', key: 'A' })
    tracker.releaseAll()
    expect(summary()).toEqual([
      '+ShiftLeft',
      '+KeyA',
      '+ControlLeft',
      '-KeyA',
      '-ControlLeft',
      '-ShiftLeft',
    ])
    expect(tracker.heldKeys).toEqual([])
  })

  it('releases a key with the value it was pressed with', () => {
    const { tracker, sent } = setup()
    tracker.press({ code: 'KeyA', key: 'A' })
    tracker.release({ code: 'KeyA', key: 'a' })
    expect(sent.at(-1)).toEqual({ type: 'key-event', code: 'KeyA', key: 'A', isDown: false })
  })

  it('sends no release for a key whose press was not sent (e.g. the Enter that ended a composition)', () => {
    const { tracker, sent } = setup()
    tracker.release({ code: 'Enter', key: 'Enter' })
    tracker.releaseAll()
    expect(sent).toEqual([])
  })

  it('tracks keys without a physical code by their character', () => {
    const { tracker, summary } = setup()
    tracker.press({ code: '', key: 'é' })
    tracker.releaseAll()
    expect(summary()).toEqual(['+é', '-é'])
  })

  it('view-only releases what is held, then drops all input', () => {
    const { tracker, summary } = setup()
    tracker.press({ code: 'AltLeft', key: 'Alt' })
    tracker.setViewOnly(true)
    tracker.press({ code: 'KeyB', key: 'b' })
    tracker.type('x')
    tracker.sendCtrlAltDel()
    expect(summary()).toEqual(['+AltLeft', '-AltLeft'])
  })

  it('types committed text as characters', () => {
    const { tracker, summary } = setup()
    tracker.type('か')
    expect(summary()).toEqual(['+か', '-か'])
    expect(tracker.heldKeys).toEqual([])
  })

  it('sends Ctrl+Alt+Del as three presses and three releases, holding nothing after', () => {
    const { tracker, sent } = setup()
    tracker.sendCtrlAltDel()
    expect(sent).toEqual([
      { type: 'key-event', code: 'ControlLeft', key: 'Control', isDown: true },
      { type: 'key-event', code: 'AltLeft', key: 'Alt', isDown: true },
      { type: 'key-event', code: 'Delete', key: 'Delete', isDown: true },
      { type: 'key-event', code: 'Delete', key: 'Delete', isDown: false },
      { type: 'key-event', code: 'AltLeft', key: 'Alt', isDown: false },
      { type: 'key-event', code: 'ControlLeft', key: 'Control', isDown: false },
    ])
    expect(tracker.heldKeys).toEqual([])
  })
})
