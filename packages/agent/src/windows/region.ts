/**
 * Regions as lists of disjoint rectangles (desktop pixels): the shape of what the operator
 * may see while the customer shows only chosen applications (SPEC.md P10). Pure functions.
 * @module
 */
import type { Rect } from '../capture/capture.js'

/** Disjoint rectangles, none empty; their union is the region. */
export type Region = readonly Rect[]

export function isEmptyRect(rect: Rect): boolean {
  return !(rect.width > 0 && rect.height > 0)
}

/** The overlap of `a` and `b`, or `null` when they do not overlap. */
export function intersectRect(a: Rect, b: Rect): Rect | null {
  const left = Math.max(a.x, b.x)
  const top = Math.max(a.y, b.y)
  const right = Math.min(a.x + a.width, b.x + b.width)
  const bottom = Math.min(a.y + a.height, b.y + b.height)
  if (right <= left || bottom <= top) return null
  return { x: left, y: top, width: right - left, height: bottom - top }
}

/** `a` without `b`: at most four rectangles (above, below, left, right of the overlap). */
export function subtractRect(a: Rect, b: Rect): Rect[] {
  if (isEmptyRect(a)) return []
  const cut = intersectRect(a, b)
  if (cut === null) return [a]
  const pieces: Rect[] = []
  const right = a.x + a.width
  const bottom = a.y + a.height
  const cutBottom = cut.y + cut.height
  const cutRight = cut.x + cut.width
  if (cut.y > a.y) pieces.push({ x: a.x, y: a.y, width: a.width, height: cut.y - a.y })
  if (cutBottom < bottom) {
    pieces.push({ x: a.x, y: cutBottom, width: a.width, height: bottom - cutBottom })
  }
  if (cut.x > a.x) pieces.push({ x: a.x, y: cut.y, width: cut.x - a.x, height: cut.height })
  if (cutRight < right) {
    pieces.push({ x: cutRight, y: cut.y, width: right - cutRight, height: cut.height })
  }
  return pieces
}

/** `region` without `cut`. */
export function subtractFromRegion(region: Region, cut: Rect): Rect[] {
  return region.flatMap((rect) => subtractRect(rect, cut))
}

/** `region` without every rectangle of `cuts`. */
export function subtractRegion(region: Region, cuts: Region): Rect[] {
  let rest: Rect[] = [...region]
  for (const cut of cuts) rest = subtractFromRegion(rest, cut)
  return rest
}

/** The union of `region` and `rect`, still disjoint. */
export function addToRegion(region: Region, rect: Rect): Rect[] {
  if (isEmptyRect(rect)) return [...region]
  return [...region, ...subtractRegion([rect], region)]
}

/** The part of `region` inside `bounds`. */
export function intersectRegion(region: Region, bounds: Rect): Rect[] {
  return region.flatMap((rect) => {
    const part = intersectRect(rect, bounds)
    return part === null ? [] : [part]
  })
}

export function regionArea(region: Region): number {
  return region.reduce((sum, rect) => sum + rect.width * rect.height, 0)
}

/** Whether pixel (`x`, `y`) lies in `region`. */
export function regionContains(region: Region, x: number, y: number): boolean {
  return region.some(
    (rect) => x >= rect.x && y >= rect.y && x < rect.x + rect.width && y < rect.y + rect.height,
  )
}

/** Whether both regions cover the same pixels, however they are cut into rectangles. */
export function isSameRegion(a: Region, b: Region): boolean {
  return regionArea(subtractRegion(a, b)) === 0 && regionArea(subtractRegion(b, a)) === 0
}
