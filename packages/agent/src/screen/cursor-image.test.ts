import { CURSOR_MAX_SIDE } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { toCursorShape } from './cursor-image.js'

function rgbaOf(base64url: string): number[] {
  return [...Buffer.from(base64url, 'base64url')]
}

describe('toCursorShape', () => {
  it('[P1] turns premultiplied BGRA into straight RGBA, unpadded base64url', () => {
    const shape = toCursorShape({
      width: 3,
      height: 1,
      xHot: 2,
      yHot: 0,
      serial: 1,
      // opaque white, half-transparent red (premultiplied: R 0x80), fully transparent
      pixels: Buffer.from([255, 255, 255, 255, 0, 0, 0x80, 0x80, 9, 9, 9, 0]),
    })
    expect(shape).toMatchObject({ type: 'cursor-shape', width: 3, height: 1, hotspotX: 2 })
    expect(shape.rgba).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(rgbaOf(shape.rgba)).toEqual([255, 255, 255, 255, 255, 0, 0, 0x80, 0, 0, 0, 0])
  })

  it('[P1] crops a large cursor to CURSOR_MAX_SIDE around its hotspot', () => {
    const side = 200
    const pixels = Buffer.alloc(side * side * 4)
    // A marker pixel at the hotspot, opaque blue.
    pixels.set([255, 0, 0, 255], (150 * side + 180) * 4)
    const shape = toCursorShape({
      width: side,
      height: side,
      xHot: 180,
      yHot: 150,
      serial: 2,
      pixels,
    })
    expect(shape.width).toBe(CURSOR_MAX_SIDE)
    expect(shape.height).toBe(CURSOR_MAX_SIDE)
    const rgba = rgbaOf(shape.rgba)
    const at = (shape.hotspotY * shape.width + shape.hotspotX) * 4
    expect(rgba.slice(at, at + 4)).toEqual([0, 0, 255, 255])
  })

  it('clamps a hotspot outside the image and survives empty or short images', () => {
    const shape = toCursorShape({
      width: 2,
      height: 2,
      xHot: 9,
      yHot: -3,
      serial: 3,
      pixels: Buffer.alloc(4),
    })
    expect(shape).toMatchObject({ width: 2, height: 2, hotspotX: 1, hotspotY: 0 })
    expect(rgbaOf(shape.rgba)).toHaveLength(16)
    const empty = toCursorShape({
      width: 0,
      height: 0,
      xHot: 0,
      yHot: 0,
      serial: 4,
      pixels: Buffer.alloc(0),
    })
    expect(empty).toMatchObject({ width: 1, height: 1, hotspotX: 0, hotspotY: 0 })
  })
})
