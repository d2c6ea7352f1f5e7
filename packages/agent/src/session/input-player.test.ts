import { describe, expect, it } from 'vitest'

import type { InputBackend } from '../input/input.js'
import { createInputPlayer } from './input-player.js'
import { recordingInput } from './test-support/fakes.js'

describe('input player', () => {
  it('turns button bits into presses and releases, in order (DOM buttons: 1 left, 2 right, 4 middle, 8 back, 16 forward)', async () => {
    const calls: string[] = []
    const player = createInputPlayer(recordingInput(calls), () => undefined)
    player.play({ type: 'pointer-event', x: 10, y: 20, buttons: 0 })
    player.play({ type: 'pointer-event', x: 11, y: 21, buttons: 1 })
    player.play({ type: 'pointer-event', x: 12, y: 22, buttons: 3 })
    player.play({ type: 'pointer-event', x: 13, y: 23, buttons: 2 })
    player.play({ type: 'pointer-event', x: 14, y: 24, buttons: 28 })
    player.play({ type: 'pointer-event', x: 15, y: 25, buttons: 0 })
    await player.idle()
    expect(calls).toEqual([
      'move 10,20',
      'move 11,21',
      'down left',
      'move 12,22',
      'down right',
      'move 13,23',
      'up left',
      'move 14,24',
      'up right',
      'down middle',
      'down back',
      'down forward',
      'move 15,25',
      'up middle',
      'up back',
      'up forward',
    ])
  })

  it('clamps positions to the screen it was told about', async () => {
    const calls: string[] = []
    const player = createInputPlayer(recordingInput(calls), () => undefined)
    player.setScreenSize({ width: 640, height: 480 })
    player.play({ type: 'pointer-event', x: 65_535, y: 9_000, buttons: 0 })
    player.play({ type: 'wheel-event', x: 700, y: 0, deltaX: 0, deltaY: 100 })
    await player.idle()
    expect(calls).toEqual(['move 639,479', 'move 639,0', 'wheel 0,1'])
  })

  it('accumulates wheel pixels into notches (100 px each), keeping the remainder and the sign', async () => {
    const calls: string[] = []
    const player = createInputPlayer(recordingInput(calls), () => undefined)
    for (const deltaY of [40, 40, 40, -250]) {
      player.play({ type: 'wheel-event', x: 1, y: 1, deltaX: 0, deltaY })
    }
    player.play({ type: 'wheel-event', x: 1, y: 1, deltaX: 300, deltaY: 0 })
    await player.idle()
    expect(calls.filter((call) => call.startsWith('wheel'))).toEqual([
      'wheel 0,1',
      'wheel 0,-2',
      'wheel 3,0',
    ])
  })

  it('passes keys with code and key, and Ctrl+Alt+Delete', async () => {
    const calls: string[] = []
    const player = createInputPlayer(recordingInput(calls), () => undefined)
    player.play({ type: 'key-event', code: 'KeyA', key: 'a', isDown: true })
    player.play({ type: 'key-event', code: 'KeyA', key: 'a', isDown: false })
    player.play({ type: 'ctrl-alt-delete' })
    await player.idle()
    expect(calls).toEqual(['keydown KeyA a', 'keyup KeyA a', 'ctrl-alt-delete'])
  })

  it('logs a failing backend call and goes on with the next event', async () => {
    const calls: string[] = []
    const lines: string[] = []
    const backend: InputBackend = {
      ...recordingInput(calls),
      keyDown: () => Promise.reject(new Error('no keysym')),
    }
    const player = createInputPlayer(backend, (line) => lines.push(line))
    player.play({ type: 'key-event', code: '', key: 'Unidentified', isDown: true })
    player.play({ type: 'pointer-event', x: 5, y: 5, buttons: 0 })
    await player.idle()
    expect(calls).toEqual(['move 5,5'])
    expect(lines.join('\n')).toContain('no keysym')
  })

  it('forgets held buttons on releaseAll, so the next press is a press again', async () => {
    const calls: string[] = []
    const player = createInputPlayer(recordingInput(calls), () => undefined)
    player.play({ type: 'pointer-event', x: 1, y: 1, buttons: 1 })
    await player.releaseAll()
    player.play({ type: 'pointer-event', x: 1, y: 1, buttons: 1 })
    await player.idle()
    expect(calls).toEqual(['move 1,1', 'down left', 'release-all', 'move 1,1', 'down left'])
  })
})
