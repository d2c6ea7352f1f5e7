/**
 * Turns the scrolls found in a newly grabbed frame into `Copy` updates (SPEC.md F10) and the
 * tiles each copy leaves right on the viewer, which then need not be sent. A copy's source
 * must be what the viewer holds: never a tile grabbed but not yet sent (`unsent`), never a
 * tile an earlier copy of the same batch wrote; a lossy source makes its targets lossy.
 */
import { ScreenEncoding, type ScreenUpdate, encodeCopySource } from '@tasuke/protocol'

import type { Frame, Rect } from '../capture/capture.js'
import { findVerticalScroll } from './scroll-detection.js'
import type { TileHistory } from './tile-history.js'
import { TileSet } from './tile-set.js'

export interface PlannedCopy {
  readonly update: ScreenUpdate
  /** Tiles equal to the new pixels on the viewer once the copy is applied. */
  readonly exactTiles: readonly number[]
  /** Tiles close to the new pixels once the copy is applied (a source was lossy). */
  readonly lossyTiles: readonly number[]
  /** Other tiles the copy wrote lossy pixels into: lossy unless sent anyway. */
  readonly taintedTiles: readonly number[]
}

export interface ScrollCopyInput {
  /** The last grabbed desktop pixels, before `next` is stored. */
  readonly previous: Frame
  readonly next: Frame
  /** The tiles of `next` that differ from `previous`, as the differ merged them. */
  readonly changed: readonly Rect[]
  readonly unsent: TileSet
  readonly history: TileHistory
  /** Tiles written by copies planned earlier in this batch (updated here). */
  readonly written: TileSet
  readonly maxCopies: number
}

/** Regions smaller than this many tiles are cheap to send again: not searched. */
const MIN_REGION_TILES = 4

export function planScrollCopies(input: ScrollCopyInput): PlannedCopy[] {
  const copies: PlannedCopy[] = []
  const { unsent } = input
  for (const region of changedRegions(input)) {
    if (copies.length >= input.maxCopies) break
    const held = new Map<number, boolean>()
    const scroll = findVerticalScroll(input.previous, input.next, region, (y, left, width) => {
      const row = Math.floor(y / unsent.tileSize)
      let isHeld = held.get(row)
      if (isHeld === undefined) {
        isHeld = isHeldByViewer(input, { x: left, y, width, height: 1 })
        held.set(row, isHeld)
      }
      return isHeld
    })
    if (scroll === null) continue
    const target = { x: scroll.left, y: scroll.top, width: scroll.width, height: scroll.height }
    const source = { ...target, y: scroll.top - scroll.dy }
    let isSourceLossy = false
    for (const tile of unsent.tilesOf(source)) isSourceLossy ||= input.history.isLossy(tile)
    const exactTiles: number[] = []
    const lossyTiles: number[] = []
    const taintedTiles: number[] = []
    for (const tile of unsent.tilesOf(target)) {
      const rect = unsent.rectOf(tile)
      const isInside = contains(target, rect)
      if (!isInside && !isRightOutside(input, tile, rect, target)) {
        if (isSourceLossy) taintedTiles.push(tile)
        continue
      }
      const isLossy = isSourceLossy || (!isInside && input.history.isLossy(tile))
      ;(isLossy ? lossyTiles : exactTiles).push(tile)
    }
    for (const tile of unsent.tilesOf(target)) input.written.add(tile)
    copies.push({
      update: { ...target, encoding: ScreenEncoding.Copy, image: encodeCopySource(source) },
      exactTiles,
      lossyTiles,
      taintedTiles,
    })
  }
  return copies
}

/** Bounding boxes of the groups of touching changed tiles, clipped to the frame. */
function changedRegions(input: ScrollCopyInput): Rect[] {
  const { unsent, next } = input
  const changed = new TileSet(unsent.width, unsent.height, unsent.tileSize)
  for (const rect of input.changed) changed.addRect(rect)
  const seen = new TileSet(unsent.width, unsent.height, unsent.tileSize)
  const regions: Rect[] = []
  for (const start of changed) {
    if (seen.has(start)) continue
    seen.add(start)
    const stack = [start]
    let [left, right, top, bottom] = [unsent.columns, -1, unsent.rows, -1]
    let count = 0
    for (let tile = stack.pop(); tile !== undefined; tile = stack.pop()) {
      count += 1
      const column = tile % unsent.columns
      const row = Math.floor(tile / unsent.columns)
      ;[left, right] = [Math.min(left, column), Math.max(right, column)]
      ;[top, bottom] = [Math.min(top, row), Math.max(bottom, row)]
      const neighbours = [
        column > 0 ? tile - 1 : -1,
        column < unsent.columns - 1 ? tile + 1 : -1,
        tile - unsent.columns,
        tile + unsent.columns,
      ]
      for (const neighbour of neighbours) {
        if (!changed.has(neighbour) || seen.has(neighbour)) continue
        seen.add(neighbour)
        stack.push(neighbour)
      }
    }
    if (count < MIN_REGION_TILES || bottom === top) continue
    const size = unsent.tileSize
    const box = clip(
      {
        x: left * size,
        y: top * size,
        width: (right + 1 - left) * size,
        height: (bottom + 1 - top) * size,
      },
      next,
    )
    if (box !== null) regions.push(box)
  }
  return regions
}

/** Whether the viewer holds `rect` exactly as `previous` has it (lossy counts as held). */
function isHeldByViewer(input: ScrollCopyInput, rect: Rect): boolean {
  for (const tile of input.unsent.tilesOf(rect)) {
    if (input.unsent.has(tile) || input.written.has(tile)) return false
  }
  return true
}

/** Whether the part of `tile` outside `target` is right on the viewer and did not change. */
function isRightOutside(input: ScrollCopyInput, tile: number, rect: Rect, target: Rect): boolean {
  if (input.unsent.has(tile) || input.written.has(tile) || !contains(input.next, rect)) {
    return false
  }
  const right = rect.x + rect.width
  const targetRight = target.x + target.width
  for (let y = rect.y; y < rect.y + rect.height; y += 1) {
    const isTargetRow = y >= target.y && y < target.y + target.height
    const spans: [number, number][] = isTargetRow
      ? [
          [rect.x, Math.min(right, target.x)],
          [Math.max(rect.x, targetRight), right],
        ]
      : [[rect.x, right]]
    for (const [from, to] of spans) {
      if (to > from && !isSameSpan(input.previous, input.next, y, from, to)) return false
    }
  }
  return true
}

function isSameSpan(previous: Frame, next: Frame, y: number, from: number, to: number): boolean {
  const p = (y - previous.y) * previous.stride + (from - previous.x) * 4
  const n = (y - next.y) * next.stride + (from - next.x) * 4
  const bytes = (to - from) * 4
  return previous.data.compare(next.data, n, n + bytes, p, p + bytes) === 0
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  )
}

function clip(rect: Rect, frame: Rect): Rect | null {
  const left = Math.max(rect.x, frame.x)
  const top = Math.max(rect.y, frame.y)
  const right = Math.min(rect.x + rect.width, frame.x + frame.width)
  const bottom = Math.min(rect.y + rect.height, frame.y + frame.height)
  if (right <= left || bottom <= top) return null
  return { x: left, y: top, width: right - left, height: bottom - top }
}
