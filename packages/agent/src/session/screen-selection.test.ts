/**
 * The pairing's monitor choice (SPEC.md P8): unknown ids are ignored, and the console's input
 * positions, relative to the shown monitor, reach the player offset and clamped to it.
 */
import { describe, expect, it } from 'vitest'

import type { InputMessage, InputPlayer } from './input-player.js'
import { createScreenSelection } from './screen-selection.js'

function recordingPlayer(): InputPlayer & { played: InputMessage[] } {
  const played: InputMessage[] = []
  return {
    played,
    play: (message) => played.push(message),
    setScreenSize: () => undefined,
    releaseAll: () => Promise.resolve(),
    idle: () => Promise.resolve(),
  }
}

const SCREENS = [
  { id: 'xinerama-0', x: 0, y: 0, width: 640, height: 480 },
  { id: 'xinerama-1', x: 640, y: 0, width: 800, height: 600 },
]

describe('createScreenSelection', () => {
  it('[P8] ignores unknown ids and the screen already shown', () => {
    const selection = createScreenSelection(null)
    expect(selection.select('xinerama-1')).toBe(false) // nothing listed yet
    selection.handleScreenList({ type: 'screens', screens: SCREENS, selected: 'all' })
    expect(selection.select('nope')).toBe(false)
    expect(selection.select('all')).toBe(false)
    expect(selection.select('xinerama-1')).toBe(true)
    expect(selection.selected).toBe('xinerama-1')
    expect(selection.select('all')).toBe(true)
  })

  it('[P8] offsets pointer and wheel positions by the view origin, clamped to the view', () => {
    const player = recordingPlayer()
    const selection = createScreenSelection(player)
    selection.handleScreenList({ type: 'screens', screens: SCREENS, selected: 'xinerama-1' })
    selection.input?.setScreenSize({ width: 800, height: 600 })
    selection.input?.play({ type: 'pointer-event', x: 10, y: 20, buttons: 1 })
    selection.input?.play({ type: 'wheel-event', x: 5000, y: 5000, deltaX: 0, deltaY: 100 })
    selection.input?.play({ type: 'key-event', code: 'KeyA', key: 'a', isDown: true })
    expect(player.played).toEqual([
      { type: 'pointer-event', x: 650, y: 20, buttons: 1 },
      { type: 'wheel-event', x: 1439, y: 599, deltaX: 0, deltaY: 100 },
      { type: 'key-event', code: 'KeyA', key: 'a', isDown: true },
    ])
  })
})
