/**
 * Text to type (SPEC.md P7): one key press per code point, in order after the input queued
 * before it, newline and tab as their named keys, stopped by releasing everything.
 */
import { describe, expect, it } from 'vitest'

import type { InputBackend } from '../input/input.js'
import { createInputPlayer } from './input-player.js'
import { recordingInput } from './test-support/fakes.js'

describe('input player: type-text (P7)', () => {
  it('presses and releases each code point, with an empty code, after the input before it', async () => {
    const calls: string[] = []
    const player = createInputPlayer(recordingInput(calls), () => undefined)
    player.play({ type: 'key-event', code: 'KeyA', key: 'a', isDown: true })
    player.play({ type: 'key-event', code: 'KeyA', key: 'a', isDown: false })
    player.play({ type: 'type-text', text: 'é😀\tx\n' })
    player.play({ type: 'ctrl-alt-delete' })
    await player.idle()
    expect(calls).toEqual([
      'keydown KeyA a',
      'keyup KeyA a',
      'keydown  é',
      'keyup  é',
      'keydown  😀',
      'keyup  😀',
      'keydown  Tab',
      'keyup  Tab',
      'keydown  x',
      'keyup  x',
      'keydown  Enter',
      'keyup  Enter',
      'ctrl-alt-delete',
    ])
  })

  it('types CR LF and a lone CR as one Enter each', async () => {
    const calls: string[] = []
    const player = createInputPlayer(recordingInput(calls), () => undefined)
    player.play({ type: 'type-text', text: 'a\r\nb\rc' })
    await player.idle()
    expect(calls.filter((call) => call.startsWith('keydown'))).toEqual([
      'keydown  a',
      'keydown  Enter',
      'keydown  b',
      'keydown  Enter',
      'keydown  c',
    ])
  })

  it('stops typing when everything is released (pause, view-only, peer left)', async () => {
    const calls: string[] = []
    let releaseAll: () => Promise<void> = () => Promise.resolve()
    const backend: InputBackend = {
      ...recordingInput(calls),
      keyUp: (key) => {
        calls.push(`keyup ${key.code} ${key.key}`)
        if (key.key === 'b') void releaseAll()
        return Promise.resolve()
      },
    }
    const player = createInputPlayer(backend, () => undefined)
    releaseAll = () => player.releaseAll()
    player.play({ type: 'type-text', text: 'abcd' })
    await player.idle()
    await player.idle()
    expect(calls).toEqual(['keydown  a', 'keyup  a', 'keydown  b', 'keyup  b', 'release-all'])
  })

  it('logs a failing key and drops the rest of that text, then goes on', async () => {
    const calls: string[] = []
    const lines: string[] = []
    const backend: InputBackend = {
      ...recordingInput(calls),
      keyDown: (key) =>
        key.key === 'b'
          ? Promise.reject(new Error('no keysym'))
          : recordingInput(calls).keyDown(key),
    }
    const player = createInputPlayer(backend, (line) => lines.push(line))
    player.play({ type: 'type-text', text: 'abc' })
    player.play({ type: 'ctrl-alt-delete' })
    await player.idle()
    expect(calls).toEqual(['keydown  a', 'keyup  a', 'ctrl-alt-delete'])
    expect(lines).toEqual(['input: type-text failed: Error: no keysym'])
  })
})
