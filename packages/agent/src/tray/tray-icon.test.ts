import { describe, expect, it } from 'vitest'

import { drawStopIcon, ICON_SIZES, iconPixmaps } from './tray-icon.js'

describe('the tray icon', () => {
  it('is a red disc with a white square, transparent outside, as ARGB32 big-endian', () => {
    const { width, height, argb } = drawStopIcon(22)
    expect([width, height, argb.length]).toEqual([22, 22, 22 * 22 * 4])
    const pixel = (x: number, y: number) => [
      ...argb.subarray((y * 22 + x) * 4, (y * 22 + x) * 4 + 4),
    ]
    expect(pixel(0, 0)).toEqual([0, 0xd3, 0x2f, 0x2f])
    expect(pixel(11, 11)).toEqual([255, 255, 255, 255])
    expect(pixel(11, 2)).toEqual([255, 0xd3, 0x2f, 0x2f])
  })

  it('comes in every offered size', () => {
    expect(iconPixmaps().map(([width, height]) => [width, height])).toEqual(
      ICON_SIZES.map((size) => [size, size]),
    )
  })
})
