import { describe, expect, it } from 'vitest'

import type { Rect } from '../capture/capture.js'
import { applicationIdOf, listApplications, shownWindows } from './applications.js'
import { isSameRegion } from './region.js'
import { visibleRegion } from './visible-region.js'
import type { WindowInfo } from './window-info.js'

const DESKTOP: Rect = { x: 0, y: 0, width: 1000, height: 800 }

let nextId = 0x200000
function window(fields: Partial<WindowInfo> & { rect: Rect }): WindowInfo {
  nextId += 1
  return {
    id: nextId,
    client: nextId,
    title: '',
    instance: 'xterm',
    className: 'XTerm',
    pid: null,
    transientFor: null,
    isOverrideRedirect: false,
    ...fields,
  }
}

const rect = (x: number, y: number, width: number, height: number): Rect => ({
  x,
  y,
  width,
  height,
})

describe('applications', () => {
  it('groups windows by WM_CLASS and process, named by the topmost titled window', () => {
    const first = window({ rect: rect(0, 0, 10, 10), pid: 10, title: 'one' })
    const second = window({ rect: rect(0, 0, 10, 10), pid: 10, title: 'two' })
    const other = window({ rect: rect(0, 0, 10, 10), pid: 11, title: 'other' })
    const menu = window({ rect: rect(0, 0, 5, 5), pid: 12, isOverrideRedirect: true })
    const apps = listApplications([first, other, second, menu])
    expect(apps).toEqual([
      { id: applicationIdOf(first), title: 'two', className: 'XTerm', windowCount: 2 },
      { id: applicationIdOf(other), title: 'other', className: 'XTerm', windowCount: 1 },
    ])
    expect(applicationIdOf(first)).toMatch(/^[0-9a-f]{16}$/)
    expect(applicationIdOf(first)).not.toBe(applicationIdOf(other))
  })

  it('names an untitled application by its class', () => {
    const untitled = window({ rect: rect(0, 0, 1, 1), className: 'Gimp', instance: 'gimp' })
    expect(listApplications([untitled])[0]?.title).toBe('Gimp')
  })

  it('shows menus of a chosen process or transient for a shown window, hides the rest', () => {
    const editor = window({ rect: rect(0, 0, 100, 100), pid: 20, className: 'Editor' })
    const dialog = window({ rect: rect(0, 0, 10, 10), className: 'Other', transientFor: null })
    const ownMenu = window({
      rect: rect(5, 5, 10, 10),
      pid: 20,
      className: '',
      instance: '',
      isOverrideRedirect: true,
    })
    const transientMenu = window({
      rect: rect(5, 5, 10, 10),
      className: '',
      instance: '',
      isOverrideRedirect: true,
      transientFor: editor.client,
    })
    const chainMenu = window({
      rect: rect(5, 5, 10, 10),
      className: '',
      instance: '',
      isOverrideRedirect: true,
      transientFor: transientMenu.id,
    })
    const strangerMenu = window({
      rect: rect(5, 5, 10, 10),
      className: '',
      instance: '',
      isOverrideRedirect: true,
    })
    const shown = shownWindows(
      [editor, dialog, chainMenu, ownMenu, transientMenu, strangerMenu],
      new Set([applicationIdOf(editor)]),
    )
    expect([...shown].sort()).toEqual(
      [editor.id, ownMenu.id, transientMenu.id, chainMenu.id].sort(),
    )
  })
})

describe('visible region', () => {
  const shownApp = window({ rect: rect(100, 100, 400, 300), pid: 1 })
  const hiddenApp = window({ rect: rect(300, 200, 400, 300), pid: 2 })
  const chosen = new Set([applicationIdOf(shownApp)])

  it('is the chosen window minus the hidden window above it', () => {
    const region = visibleRegion([shownApp, hiddenApp], chosen, DESKTOP)
    expect(isSameRegion(region, [rect(100, 100, 400, 100), rect(100, 200, 200, 200)])).toBe(true)
  })

  it('is the whole chosen window when it is on top', () => {
    const region = visibleRegion([hiddenApp, shownApp], chosen, DESKTOP)
    expect(isSameRegion(region, [shownApp.rect])).toBe(true)
  })

  it('is empty when nothing is chosen, and clipped to the desktop', () => {
    expect(visibleRegion([shownApp, hiddenApp], new Set(), DESKTOP)).toEqual([])
    const offscreen = window({ rect: rect(900, 700, 300, 300), pid: 3 })
    const region = visibleRegion([offscreen], new Set([applicationIdOf(offscreen)]), DESKTOP)
    expect(region).toEqual([rect(900, 700, 100, 100)])
  })

  it('lets a chosen menu above a hidden window show, and a stranger menu mask', () => {
    const menu = window({
      rect: rect(450, 250, 100, 100),
      className: '',
      instance: '',
      isOverrideRedirect: true,
      transientFor: shownApp.client,
    })
    const stranger = window({
      rect: rect(120, 120, 20, 20),
      className: '',
      instance: '',
      isOverrideRedirect: true,
    })
    const region = visibleRegion([shownApp, hiddenApp, menu, stranger], chosen, DESKTOP)
    const expected = [
      ...[rect(100, 100, 400, 100), rect(100, 200, 200, 200)],
      rect(450, 250, 100, 100),
    ]
    const withoutStranger = [
      rect(100, 100, 400, 20),
      rect(100, 140, 400, 60),
      rect(100, 120, 20, 20),
      rect(140, 120, 360, 20),
    ]
    expect(isSameRegion(region, [...withoutStranger, ...expected.slice(1)])).toBe(true)
  })
})
