/** The window list of a real Xvfb (no window manager), with real xterms. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { type Child, run, startChild } from '../../test-support/processes.js'
import { waitFor } from '../../test-support/wait-for.js'
import { type Xvfb, startXvfb } from '../../test-support/xvfb.js'
import { applicationIdOf, listApplications } from '../applications.js'
import type { WindowInfo } from '../window-info.js'
import { X11WindowSource } from './x11-window-source.js'

const TIMEOUT_MS = 30_000

describe('X11WindowSource on Xvfb', { timeout: TIMEOUT_MS }, () => {
  let xvfb: Xvfb
  let source: X11WindowSource
  const children: Child[] = []
  let changes = 0

  beforeAll(async () => {
    xvfb = await startXvfb('1024x768')
    source = await X11WindowSource.open({ display: xvfb.display })
    source.onChange(() => {
      changes += 1
    })
  }, TIMEOUT_MS)

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.stop()))
  })

  afterAll(async () => {
    await source.close()
    await xvfb.stop()
  })

  const xterm = (title: string, geometry: string): Child => {
    const child = startChild('xterm', ['-T', title, '-geometry', geometry], xvfb.env)
    children.push(child)
    return child
  }

  const windowTitled = (title: string): WindowInfo | undefined =>
    source.windows().find((window) => window.title === title)

  it('lists mapped top-level windows bottom to top with title, class, pid and rectangle', async () => {
    const first = xterm('first-term', '40x10+10+20')
    await waitFor('the first xterm', () => windowTitled('first-term'))
    const second = xterm('second-term', '40x10+100+120')
    await waitFor('the second xterm', () => windowTitled('second-term'))
    const windows = source.windows()
    const a = windowTitled('first-term')
    const b = windowTitled('second-term')
    expect(a).toMatchObject({
      instance: 'xterm',
      className: 'XTerm',
      isOverrideRedirect: false,
      transientFor: null,
    })
    expect(a?.rect).toMatchObject({ x: 10, y: 20 })
    // No window manager: the top-level is the client.
    expect(a?.client).toBe(a?.id)
    expect(windows.indexOf(a as WindowInfo)).toBeLessThan(windows.indexOf(b as WindowInfo))
    // xterm sets _NET_WM_PID: two xterms are two applications.
    expect(a?.pid).toBe(first.process.pid)
    expect(b?.pid).toBe(second.process.pid)
    const xwininfo = await run('xwininfo', ['-name', 'first-term'], xvfb.env)
    const field = (label: string) => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(xwininfo)?.[1])
    const border = field('Border width')
    // xwininfo's upper-left corner is the outer one (border included), like GetGeometry's.
    expect(a?.rect).toEqual({
      x: field('Absolute upper-left X'),
      y: field('Absolute upper-left Y'),
      width: field('Width') + 2 * border,
      height: field('Height') + 2 * border,
    })
    const titles = listApplications(windows).map((app) => app.title)
    expect(titles).toEqual(expect.arrayContaining(['first-term', 'second-term']))
    expect(applicationIdOf(a as WindowInfo)).not.toBe(applicationIdOf(b as WindowInfo))
  })

  it('follows moves, restacking, title changes and closing windows', async () => {
    const child = xterm('moving-term', '30x8+50+50')
    const window = await waitFor('the xterm', () => windowTitled('moving-term'))
    xterm('cover-term', '30x8+60+60')
    await waitFor('the cover', () => windowTitled('cover-term'))
    const before = changes
    await run('xdotool', ['windowmove', String(window.id), '300', '200'], xvfb.env)
    await source.settle()
    expect(windowTitled('moving-term')?.rect).toMatchObject({ x: 300, y: 200 })
    expect(changes).toBeGreaterThan(before)
    await run('xdotool', ['windowraise', String(window.id)], xvfb.env)
    await source.settle()
    expect(source.windows().at(-1)?.title).toBe('moving-term')
    await run('xdotool', ['set_window', '--name', 'renamed-term', String(window.id)], xvfb.env)
    await waitFor('the new title', () => windowTitled('renamed-term'))
    await child.stop()
    await waitFor('the closed window gone', () =>
      windowTitled('renamed-term') === undefined ? true : undefined,
    )
  })

  it('finds the client window with WM_STATE under a frame, as with a reparenting manager', async () => {
    // A window manager's part played by hand: a frame window takes the client in, and the
    // client gets WM_STATE. The frame here is another xterm, titled like a frame would not be.
    xterm('frame-term', '60x20+500+300')
    const frame = await waitFor('the frame', () => windowTitled('frame-term'))
    xterm('client-term', '20x5+0+0')
    const client = await waitFor('the client', () => windowTitled('client-term'))
    await run(
      'xprop',
      ['-id', String(client.id), '-f', 'WM_STATE', '32c', '-set', 'WM_STATE', '1'],
      xvfb.env,
    )
    await run('xdotool', ['windowreparent', String(client.id), String(frame.id)], xvfb.env)
    const framed = await waitFor('the framed client', async () => {
      await source.settle()
      const top = source.windows().find((window) => window.id === frame.id)
      return top?.client === client.id ? top : undefined
    })
    expect(framed).toMatchObject({ title: 'client-term', className: 'XTerm', pid: client.pid })
    expect(source.windows().some((window) => window.id === client.id)).toBe(false)
  })

  it('tells which top-level gets the keys: under the pointer, then the focused one', async () => {
    xterm('focus-term', '30x8+400+400')
    const window = await waitFor('the xterm', () => windowTitled('focus-term'))
    // Xvfb starts with the focus on PointerRoot: keys go to the window under the pointer.
    await run('xdotool', ['mousemove', '420', '420'], xvfb.env)
    expect(await source.keyboardWindow()).toBe(window.id)
    await run('xdotool', ['mousemove', '1000', '740'], xvfb.env)
    expect(await source.keyboardWindow()).toBeNull()
    // An explicit focus wins wherever the pointer is; a child window counts as its top-level.
    await run('xdotool', ['windowfocus', '--sync', String(window.id)], xvfb.env)
    expect(await source.keyboardWindow()).toBe(window.id)
  })
})
