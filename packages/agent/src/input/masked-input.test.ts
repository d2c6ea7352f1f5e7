import { describe, expect, it } from 'vitest'

import type { Region } from '../windows/region.js'
import type { InputBackend, KeyInput, PointerButton } from './input.js'
import { type InputGate, MaskedInput } from './masked-input.js'

/** An input backend that records what reaches it. */
function recordingBackend(): { backend: InputBackend; calls: string[] } {
  const calls: string[] = []
  const record = (line: string) => {
    calls.push(line)
    return Promise.resolve()
  }
  return {
    calls,
    backend: {
      movePointer: (x, y) => record(`move ${x},${y}`),
      buttonDown: (button: PointerButton) => record(`down ${button}`),
      buttonUp: (button: PointerButton) => record(`up ${button}`),
      wheel: (x, y) => record(`wheel ${x},${y}`),
      keyDown: (key: KeyInput) => record(`key-down ${key.code || key.key}`),
      keyUp: (key: KeyInput) => record(`key-up ${key.code || key.key}`),
      ctrlAltDelete: () => record('ctrl-alt-delete'),
      releaseAll: () => record('release-all'),
      close: () => record('close'),
    },
  }
}

function gate(state: { region: Region | null; canType: boolean }): InputGate {
  return {
    visibleRegion: () => state.region,
    settle: () => Promise.resolve(),
    canType: () => Promise.resolve(state.canType),
  }
}

const VISIBLE: Region = [{ x: 100, y: 100, width: 200, height: 100 }]
const KEY_A = { code: 'KeyA', key: 'a' }

describe('MaskedInput', () => {
  it('passes everything while the restriction is off', async () => {
    const { backend, calls } = recordingBackend()
    const input = new MaskedInput(backend, gate({ region: null, canType: true }))
    await input.movePointer(5, 5)
    await input.buttonDown('left')
    await input.buttonUp('left')
    await input.wheel(0, 1)
    await input.keyDown(KEY_A)
    await input.keyUp(KEY_A)
    await input.ctrlAltDelete()
    expect(calls).toEqual([
      'move 5,5',
      'down left',
      'up left',
      'wheel 0,1',
      'key-down KeyA',
      'key-up KeyA',
      'ctrl-alt-delete',
    ])
  })

  it('[P10] drops pointer moves, clicks and wheel aimed outside the visible region', async () => {
    const { backend, calls } = recordingBackend()
    const input = new MaskedInput(backend, gate({ region: VISIBLE, canType: true }))
    await input.movePointer(50, 50)
    await input.buttonDown('left')
    await input.buttonUp('left')
    await input.wheel(0, 3)
    await input.movePointer(150, 150)
    await input.buttonDown('right')
    await input.buttonUp('right')
    await input.wheel(0, -1)
    expect(calls).toEqual(['move 150,150', 'down right', 'up right', 'wheel 0,-1'])
  })

  it('[P10] releases a button pressed inside even when let go outside', async () => {
    const { backend, calls } = recordingBackend()
    const input = new MaskedInput(backend, gate({ region: VISIBLE, canType: true }))
    await input.movePointer(120, 120)
    await input.buttonDown('left')
    await input.movePointer(400, 400)
    await input.buttonUp('left')
    expect(calls).toEqual(['move 120,120', 'down left', 'up left'])
  })

  it('[P10] drops keys while no chosen application has the keyboard, never a pending release', async () => {
    const state = { region: VISIBLE, canType: true }
    const { backend, calls } = recordingBackend()
    const input = new MaskedInput(backend, gate(state))
    await input.keyDown(KEY_A)
    state.canType = false
    await input.keyUp(KEY_A)
    await input.keyDown({ code: 'KeyB', key: 'b' })
    await input.keyUp({ code: 'KeyB', key: 'b' })
    await input.keyDown({ code: '', key: 'x' })
    await input.ctrlAltDelete()
    expect(calls).toEqual(['key-down KeyA', 'key-up KeyA'])
  })

  it('forgets held buttons and keys on releaseAll', async () => {
    const { backend, calls } = recordingBackend()
    const input = new MaskedInput(backend, gate({ region: VISIBLE, canType: true }))
    await input.movePointer(120, 120)
    await input.buttonDown('left')
    await input.releaseAll()
    await input.buttonUp('left')
    expect(calls).toEqual(['move 120,120', 'down left', 'release-all'])
  })
})
