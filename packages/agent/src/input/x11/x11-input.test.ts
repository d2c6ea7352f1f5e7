import { randomUUID } from 'node:crypto'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { type Child, run, startChild } from '../../test-support/processes.js'
import { usKey } from '../../test-support/us-keyboard.js'
import { waitFor } from '../../test-support/wait-for.js'
import { type Xvfb, startXvfb } from '../../test-support/xvfb.js'
import type { KeyInput } from '../input.js'
import { X11Input } from './x11-input.js'

const TIMEOUT_MS = 30_000
const SHIFT: KeyInput = { code: 'ShiftLeft', key: 'Shift' }
const ASCII = 'Hello, World! 1+2=3 @#$%^&*()_-[]{};:\'"<>,.?/\\|`~ xyz'
/** An `xev` KeyPress: keycode and keysym name. */
const KEY_PRESS = /KeyPress event[^]*?keycode (\d+) \(keysym 0x[0-9a-f]+, (\w+)\)/g

async function tap(input: X11Input, key: KeyInput, withShift = false): Promise<void> {
  if (withShift) await input.keyDown(SHIFT)
  await input.keyDown(key)
  await input.keyUp(key)
  if (withShift) await input.keyUp(SHIFT)
}

/** Types `text` as a browser on a US keyboard reports it. */
async function typeUs(input: X11Input, text: string): Promise<void> {
  for (const character of text) {
    const { isShifted, ...key } = usKey(character)
    await tap(input, key, isShifted)
  }
}

/** Starts `xev` on the root window (keys reach it while the pointer is over the root). */
async function watchRoot(
  xvfb: Xvfb,
  input: X11Input,
  cleanups: (() => Promise<void>)[],
  children: Child[],
): Promise<() => Promise<string>> {
  const file = join(tmpdir(), `tasuke-xev-${randomUUID()}.txt`)
  const events = '-event keyboard -event button -event mouse'
  children.push(startChild('sh', ['-c', `exec stdbuf -oL xev -root ${events} > ${file}`], xvfb.env))
  cleanups.push(() => rm(file, { force: true }))
  const read = () => readFile(file, 'utf8').catch(() => '')
  // xev prints nothing until the first event: wait until a probe notch shows up.
  await waitFor('xev on the root window', async () => {
    await input.wheel(0, 1)
    return (await read()).includes('button 5') ? true : undefined
  })
  return read
}

/** Starts an xterm running `cat > file`, focuses it, runs `type`, presses Enter, reads the line. */
async function typeIntoXterm(
  xvfb: Xvfb,
  input: X11Input,
  cleanups: (() => Promise<void>)[],
  children: Child[],
  type: () => Promise<void>,
): Promise<string> {
  const file = join(tmpdir(), `tasuke-typed-${randomUUID()}.txt`)
  cleanups.push(() => rm(file, { force: true }))
  const title = `typing-${randomUUID()}`
  const args = ['-title', title, '-geometry', '80x24+0+0', '-e', 'sh', '-c', `cat > ${file}`]
  children.push(startChild('xterm', args, xvfb.env))
  await waitFor('the xterm window', async () => {
    const out = await run('xwininfo', ['-name', title], xvfb.env).catch(() => '')
    return out.includes('IsViewable') ? true : undefined
  })
  // Without a window manager the keyboard focus follows the pointer.
  await input.movePointer(100, 100)
  await input.buttonDown('left')
  await input.buttonUp('left')
  await type()
  await tap(input, { code: 'Enter', key: 'Enter' })
  return waitFor('the typed line', async () => {
    const text = await readFile(file, 'utf8').catch(() => '')
    return text.endsWith('\n') ? text : undefined
  })
}

describe('X11Input on Xvfb', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let input: X11Input
  const cleanups: (() => Promise<void>)[] = []
  const children: Child[] = []

  beforeAll(async () => {
    xvfb = await startXvfb('1280x800')
    cleanups.push(() => xvfb.stop())
    input = await X11Input.open({ display: xvfb.display })
    cleanups.push(() => input.close())
  }, TIMEOUT_MS)

  afterEach(async () => {
    await input.releaseAll()
    await Promise.all(children.splice(0).map((child) => child.stop()))
  })

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  it('moves the pointer where xdotool sees it', async () => {
    await input.movePointer(321, 123)
    expect(await run('xdotool', ['getmouselocation', '--shell'], xvfb.env)).toMatch(
      /X=321\nY=123\n/,
    )
    await input.movePointer(1279, 799)
    expect(await run('xdotool', ['getmouselocation', '--shell'], xvfb.env)).toMatch(
      /X=1279\nY=799\n/,
    )
  })

  it('sends buttons, wheel notches as buttons 4-7, and releases held buttons', async () => {
    await input.movePointer(640, 400)
    const read = await watchRoot(xvfb, input, cleanups, children)
    await input.buttonDown('left')
    await input.buttonUp('left')
    await input.wheel(-1, -2)
    await input.buttonDown('right')
    await input.releaseAll()
    const seen = await waitFor('button events', async () => {
      const text = await read()
      return (text.match(/ButtonRelease event/g) ?? []).length >= 1 + 3 + 1 + 1 ? text : undefined
    })
    const presses = [...seen.matchAll(/ButtonPress event[^]*?button (\d+)/g)].map((m) => m[1])
    expect(presses.slice(-5)).toEqual(['1', '4', '4', '6', '3'])
    expect(seen).toMatch(/ButtonRelease event[^]*?button 3, same_screen[^]*$/)
  })

  it('drags: motion while the left button is down carries its state', async () => {
    await input.movePointer(640, 400)
    const read = await watchRoot(xvfb, input, cleanups, children)
    await input.buttonDown('left')
    await input.movePointer(700, 420)
    await input.buttonUp('left')
    const seen = await waitFor('the drag', async () => {
      const text = await read()
      return /ButtonRelease event[^]*?button 1,/.test(text) ? text : undefined
    })
    // Button1Mask (0x100) is set on the motion to the drop point.
    expect(seen).toMatch(/MotionNotify event[^]*?root:\(700,420\),\s+state 0x100,/)
  })

  it('presses the Japanese input keys and Ctrl+Alt+Del with their keysyms', async () => {
    await input.movePointer(640, 400)
    const read = await watchRoot(xvfb, input, cleanups, children)
    await tap(input, { code: 'Convert', key: 'Convert' })
    await tap(input, { code: 'NonConvert', key: 'NonConvert' })
    await tap(input, { code: 'KanaMode', key: 'KanaMode' })
    await tap(input, { code: 'Backquote', key: 'Zenkaku' })
    await input.ctrlAltDelete()
    const expected = [
      'Henkan_Mode',
      'Muhenkan',
      'Hiragana_Katakana',
      'Zenkaku_Hankaku',
      'Control_L',
      'Alt_L',
      'Delete',
    ]
    const pressed = await waitFor('key events', async () => {
      const names = [...(await read()).matchAll(KEY_PRESS)].map((m) => m[2])
      return names.length >= expected.length ? names : undefined
    })
    expect(pressed).toEqual(expected)
  })

  it('types the exact text into an xterm, by position, by character and via spare keycodes', async () => {
    const typed = await typeIntoXterm(xvfb, input, cleanups, children, async () => {
      await typeUs(input, ASCII)
      // A browser's auto-repeat sends keydown again: the X server repeats held keys itself.
      await input.keyDown({ code: 'KeyQ', key: 'q' })
      await input.keyDown({ code: 'KeyQ', key: 'q' })
      await input.keyUp({ code: 'KeyQ', key: 'q' })
      // A French layout: é is the Digit2 key; € is not on the US keymap at all.
      await tap(input, { code: 'Digit2', key: 'é' })
      await tap(input, { code: 'KeyE', key: '€' })
      await tap(input, { code: 'Digit2', key: 'é' })
      // A JIS layout: @ on BracketLeft, " on Shift+2 and ' on Shift+7.
      await tap(input, { code: 'BracketLeft', key: '@' })
      await tap(input, { code: 'Digit2', key: '"' }, true)
      await tap(input, { code: 'Digit7', key: "'" }, true)
    })
    expect(typed).toBe(`${ASCII}qé€é@"'\n`)
  })
})

describe('X11Input when the display goes away', { timeout: TIMEOUT_MS }, () => {
  it('rejects input and still closes', async () => {
    const xvfb = await startXvfb('640x480')
    const input = await X11Input.open({ display: xvfb.display })
    await input.keyDown({ code: 'ShiftLeft', key: 'Shift' })
    await xvfb.stop()
    await expect(
      waitFor('a rejected move', () =>
        input.movePointer(1, 1).then(
          () => undefined,
          () => true,
        ),
      ),
    ).resolves.toBe(true)
    await input.close()
  })
})

describe('X11Input on Xvfb with a Japanese (jp106) keymap', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let input: X11Input
  const cleanups: (() => Promise<void>)[] = []
  const children: Child[] = []

  beforeAll(async () => {
    xvfb = await startXvfb('1280x800')
    cleanups.push(() => xvfb.stop())
    // Opened before the layout changes: the backend must follow MappingNotify.
    input = await X11Input.open({ display: xvfb.display })
    cleanups.push(() => input.close())
    await run('setxkbmap', ['-model', 'jp106', '-layout', 'jp'], xvfb.env)
  }, TIMEOUT_MS)

  afterEach(async () => {
    await input.releaseAll()
    await Promise.all(children.splice(0).map((child) => child.stop()))
  })

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  it('types what a US keyboard means, by character where JIS puts it elsewhere', async () => {
    const typed = await typeIntoXterm(xvfb, input, cleanups, children, async () => {
      await typeUs(input, ASCII)
    })
    expect(typed).toBe(`${ASCII}\n`)
  })

  it('presses 半角/全角 and ¥ at their JIS positions', async () => {
    await input.movePointer(640, 400)
    const read = await watchRoot(xvfb, input, cleanups, children)
    await tap(input, { code: 'Backquote', key: 'Zenkaku' })
    // The JIS ¥ key: X's jp layout (like Windows) calls its character backslash.
    await tap(input, { code: 'IntlYen', key: '\\' })
    const pressed = await waitFor('key events', async () => {
      const presses = [...(await read()).matchAll(KEY_PRESS)].map(
        (m) => `${m[1] ?? ''} ${m[2] ?? ''}`,
      )
      return presses.length >= 2 ? presses : undefined
    })
    expect(pressed).toEqual(['49 Zenkaku_Hankaku', '132 backslash'])
  })
})
