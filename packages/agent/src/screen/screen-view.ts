/**
 * The part of the desktop a stream shows (SPEC.md P8): the whole desktop or one monitor.
 * Pure helpers: pick the view for a choice, clip desktop rectangles to it, and describe the
 * monitors for the console's `screens` message.
 */
import type { AgentToConsole, MessageOf } from '@tasuke/protocol'

import type { DesktopGeometry, Rect } from '../capture/capture.js'

/** `all` or a monitor id from `DesktopGeometry.screens`. */
export type ScreenChoice = string

export const ALL_SCREENS = 'all'
/** `screens` carries at most this many monitors (SPEC.md P8). */
const MAX_SCREENS = 16
const MAX_COORDINATE = 65_535
const MAX_DIMENSION = 16_384
const SCREEN_ID = /^[A-Za-z0-9_.:-]{1,64}$/

export interface ScreenView {
  /** What is shown, in desktop coordinates, clipped to the desktop. */
  readonly rect: Rect
  /** The choice in effect: an unknown or vanished monitor falls back to `all`. */
  readonly selected: ScreenChoice
}

/** The view for `choice` on this desktop. */
export function resolveView(geometry: DesktopGeometry, choice: ScreenChoice): ScreenView {
  const whole = { x: 0, y: 0, width: geometry.width, height: geometry.height }
  if (choice === ALL_SCREENS) return { rect: whole, selected: ALL_SCREENS }
  const screen = listedScreens(geometry).find((candidate) => candidate.id === choice)
  const rect = screen === undefined ? null : intersect(screen, whole)
  if (screen === undefined || rect === null) return { rect: whole, selected: ALL_SCREENS }
  return { rect, selected: screen.id }
}

/** The part of `rect` (desktop coordinates) inside `view`, relative to the view; null if none. */
export function toViewRect(rect: Rect, view: Rect): Rect | null {
  const inside = intersect(rect, view)
  if (inside === null) return null
  return { ...inside, x: inside.x - view.x, y: inside.y - view.y }
}

/** The `screens` message for this desktop and choice. */
export function screenList(
  geometry: DesktopGeometry,
  selected: ScreenChoice,
): MessageOf<AgentToConsole, 'screens'> {
  const screens = listedScreens(geometry).map((screen) => ({
    id: screen.id,
    x: bound(screen.x, 0, MAX_COORDINATE),
    y: bound(screen.y, 0, MAX_COORDINATE),
    width: bound(screen.width, 1, MAX_DIMENSION),
    height: bound(screen.height, 1, MAX_DIMENSION),
  }))
  if (screens.length === 0) {
    const width = bound(geometry.width, 1, MAX_DIMENSION)
    const height = bound(geometry.height, 1, MAX_DIMENSION)
    screens.push({ id: 'desktop', x: 0, y: 0, width, height })
  }
  return { type: 'screens', screens, selected }
}

/** The monitors the console may pick: valid ids, not empty, at most MAX_SCREENS. */
function listedScreens(geometry: DesktopGeometry): DesktopGeometry['screens'] {
  return geometry.screens
    .filter((screen) => SCREEN_ID.test(screen.id) && screen.width > 0 && screen.height > 0)
    .slice(0, MAX_SCREENS)
}

function intersect(a: Rect, b: Rect): Rect | null {
  const left = Math.max(a.x, b.x)
  const top = Math.max(a.y, b.y)
  const right = Math.min(a.x + a.width, b.x + b.width)
  const bottom = Math.min(a.y + a.height, b.y + b.height)
  if (right <= left || bottom <= top) return null
  return { x: left, y: top, width: right - left, height: bottom - top }
}

function bound(value: number, min: number, max: number): number {
  return Math.min(Math.max(Math.round(value), min), max)
}
