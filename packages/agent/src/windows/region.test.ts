import { describe, expect, it } from 'vitest'

import type { Rect } from '../capture/capture.js'
import {
  addToRegion,
  intersectRect,
  intersectRegion,
  isSameRegion,
  regionArea,
  regionContains,
  subtractRect,
  subtractRegion,
} from './region.js'

const rect = (x: number, y: number, width: number, height: number): Rect => ({
  x,
  y,
  width,
  height,
})

/** Every pixel of a small area, as `x,y` strings, that `region` covers. */
function pixels(region: readonly Rect[], size = 20): Set<string> {
  const covered = new Set<string>()
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (regionContains(region, x, y)) covered.add(`${x},${y}`)
  }
  return covered
}

function isDisjoint(region: readonly Rect[]): boolean {
  return region.every((a, i) => region.every((b, j) => i === j || intersectRect(a, b) === null))
}

describe('region math', () => {
  it('intersects rectangles, and touching edges do not overlap', () => {
    expect(intersectRect(rect(0, 0, 10, 10), rect(5, 5, 10, 10))).toEqual(rect(5, 5, 5, 5))
    expect(intersectRect(rect(0, 0, 10, 10), rect(10, 0, 5, 5))).toBeNull()
    expect(intersectRect(rect(0, 0, 10, 10), rect(2, 3, 0, 4))).toBeNull()
  })

  it('subtracts a hole from the middle as four pieces covering exactly the rest', () => {
    const pieces = subtractRect(rect(0, 0, 10, 10), rect(3, 4, 2, 3))
    expect(pieces).toHaveLength(4)
    expect(isDisjoint(pieces)).toBe(true)
    expect(regionArea(pieces)).toBe(100 - 6)
    expect(regionContains(pieces, 3, 4)).toBe(false)
    expect(regionContains(pieces, 4, 6)).toBe(false)
    expect(regionContains(pieces, 5, 6)).toBe(true)
    expect(regionContains(pieces, 2, 4)).toBe(true)
  })

  it('keeps a rectangle whole when nothing overlaps, and drops it when covered', () => {
    expect(subtractRect(rect(0, 0, 4, 4), rect(4, 4, 4, 4))).toEqual([rect(0, 0, 4, 4)])
    expect(subtractRect(rect(2, 2, 4, 4), rect(0, 0, 10, 10))).toEqual([])
  })

  it('unions overlapping rectangles into disjoint ones with the same pixels', () => {
    let region: Rect[] = []
    for (const part of [rect(0, 0, 8, 8), rect(4, 4, 8, 8), rect(2, 10, 3, 3), rect(0, 0, 1, 1)]) {
      region = addToRegion(region, part)
    }
    expect(isDisjoint(region)).toBe(true)
    const expected = new Set<string>()
    for (const part of [rect(0, 0, 8, 8), rect(4, 4, 8, 8), rect(2, 10, 3, 3)]) {
      for (const pixel of pixels([part])) expected.add(pixel)
    }
    expect(pixels(region)).toEqual(expected)
    expect(regionArea(region)).toBe(expected.size)
  })

  it('subtracts a region and clips to bounds', () => {
    const rest = subtractRegion([rect(0, 0, 10, 10)], [rect(0, 0, 5, 10), rect(5, 0, 5, 5)])
    expect(pixels(rest)).toEqual(pixels([rect(5, 5, 5, 5)]))
    expect(intersectRegion([rect(-5, -5, 10, 10), rect(8, 8, 10, 2)], rect(0, 0, 10, 10))).toEqual([
      rect(0, 0, 5, 5),
      rect(8, 8, 2, 2),
    ])
  })

  it('compares regions by the pixels they cover', () => {
    expect(isSameRegion([rect(0, 0, 10, 10)], [rect(0, 0, 10, 4), rect(0, 4, 10, 6)])).toBe(true)
    expect(isSameRegion([rect(0, 0, 10, 10)], [rect(0, 0, 10, 9)])).toBe(false)
    expect(isSameRegion([], [])).toBe(true)
  })
})
