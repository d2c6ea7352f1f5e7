/** Pure arithmetic from a DOM pointer event to the remote screen, for either scale mode. */
import type { Size } from '../scale'

export interface Point {
  readonly x: number
  readonly y: number
}

/** Where the canvas is on the page (`getBoundingClientRect()`), in CSS pixels. */
export interface Box {
  readonly left: number
  readonly top: number
  readonly width: number
  readonly height: number
}

/**
 * The remote pixel under a client point. The canvas box already reflects the scale (fit or
 * 1:1), so one formula serves both; points outside (a drag past the edge) clamp to the edge.
 */
export function toRemotePoint(client: Point, box: Box, screen: Size): Point {
  if (box.width <= 0 || box.height <= 0) return { x: 0, y: 0 }
  const x = Math.floor(((client.x - box.left) * screen.width) / box.width)
  const y = Math.floor(((client.y - box.top) * screen.height) / box.height)
  return { x: clamp(x, screen.width - 1), y: clamp(y, screen.height - 1) }
}

/** DOM `buttons` already use the protocol's bits (0 primary, 1 secondary, 2 middle, …). */
export function toRemoteButtons(domButtons: number): number {
  return domButtons & 0b11111
}

/** `WheelEvent.deltaMode` values. */
const DOM_DELTA_LINE = 1
const DOM_DELTA_PAGE = 2
/** Pixels per wheel line: what Chromium and Firefox scroll for one line. */
export const WHEEL_LINE_PX = 40
const MAX_WHEEL_DELTA = 10_000

/** Wheel deltas in pixels whatever the browser reported them in, bounded as the protocol asks. */
export function normaliseWheel(
  delta: { deltaX: number; deltaY: number; deltaMode: number },
  pageHeightPx: number,
): { deltaX: number; deltaY: number } {
  const unit =
    delta.deltaMode === DOM_DELTA_LINE
      ? WHEEL_LINE_PX
      : delta.deltaMode === DOM_DELTA_PAGE
        ? pageHeightPx
        : 1
  return { deltaX: bound(delta.deltaX * unit), deltaY: bound(delta.deltaY * unit) }
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(value, 0), Math.max(max, 0))
}

function bound(value: number): number {
  if (!Number.isFinite(value)) return 0
  return Math.min(Math.max(Math.round(value), -MAX_WHEEL_DELTA), MAX_WHEEL_DELTA)
}
