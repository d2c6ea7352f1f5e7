/**
 * Windows grouped into applications for the customer's choice (SPEC.md P10): one application
 * per `WM_CLASS` and process id (when the window says it), and which windows a choice shows.
 * @module
 */
import { createHash } from 'node:crypto'

import type { WindowInfo } from './window-info.js'

/** One application the customer can choose to show. */
export interface Application {
  /** Stable while the application runs; short, so a choice fits in a small request. */
  readonly id: string
  /** The title of its topmost window (or its class when no window has a title). */
  readonly title: string
  /** Its `WM_CLASS` class, e.g. `XTerm`, `firefox`. */
  readonly className: string
  readonly windowCount: number
}

const ID_LENGTH = 16

/** The application a window belongs to. */
export function applicationIdOf(window: WindowInfo): string {
  const identity = [window.instance, window.className, window.pid ?? ''].join('\u0000')
  return createHash('sha256').update(identity).digest('hex').slice(0, ID_LENGTH)
}

/**
 * The applications the customer may choose from: every application with a normal (not
 * override-redirect) window, topmost first.
 */
export function listApplications(windows: readonly WindowInfo[]): Application[] {
  const byId = new Map<
    string,
    { title: string; className: string; instance: string; windowCount: number }
  >()
  // Windows come bottom to top: walk them top down so the topmost window names the app.
  for (const window of [...windows].reverse()) {
    if (window.isOverrideRedirect) continue
    const id = applicationIdOf(window)
    const known = byId.get(id)
    if (known === undefined) {
      const { title, className, instance } = window
      byId.set(id, { title, className, instance, windowCount: 1 })
    } else {
      known.windowCount += 1
      if (known.title === '') known.title = window.title
    }
  }
  return [...byId].map(([id, app]) => ({
    id,
    title: app.title || app.className || app.instance || `#${id.slice(0, 6)}`,
    className: app.className,
    windowCount: app.windowCount,
  }))
}

/**
 * The windows a choice shows: those of a chosen application, those of a chosen application's
 * process (`_NET_WM_PID`), and dialogs and menus transient for a shown window. Anything that
 * cannot be tied to a chosen application stays hidden.
 */
export function shownWindows(
  windows: readonly WindowInfo[],
  chosen: ReadonlySet<string>,
): Set<number> {
  const shown = new Set<number>()
  const chosenPids = new Set<number>()
  for (const window of windows) {
    if (window.pid !== null && chosen.has(applicationIdOf(window))) chosenPids.add(window.pid)
  }
  for (const window of windows) {
    const isChosen =
      chosen.has(applicationIdOf(window)) || (window.pid !== null && chosenPids.has(window.pid))
    if (isChosen) shown.add(window.id)
  }
  // Transient chains (a menu of a dialog of a chosen window): repeat until nothing is added.
  const byClient = new Map<number, WindowInfo>()
  for (const window of windows) {
    byClient.set(window.client, window)
    byClient.set(window.id, window)
  }
  let isGrowing = true
  while (isGrowing) {
    isGrowing = false
    for (const window of windows) {
      if (shown.has(window.id) || window.transientFor === null) continue
      const owner = byClient.get(window.transientFor)
      if (owner !== undefined && shown.has(owner.id)) {
        shown.add(window.id)
        isGrowing = true
      }
    }
  }
  return shown
}
