import { describe, expect, it } from 'vitest'

import { placeCursor } from './cursor'

describe('placeCursor', () => {
  it('puts the hotspot on the remote position at 1:1', () => {
    const place = placeCursor(
      { x: 100, y: 50 },
      { x: 3, y: 2 },
      { left: 0, top: 0, width: 800 },
      {
        width: 800,
        height: 600,
      },
    )
    expect(place).toEqual({ left: 97, top: 48, scale: 1 })
  })

  it('scales position and image with a fitted canvas', () => {
    const place = placeCursor(
      { x: 100, y: 50 },
      { x: 4, y: 2 },
      { left: 10, top: 20, width: 400 },
      { width: 800, height: 600 },
    )
    expect(place).toEqual({ left: 10 + 48, top: 20 + 24, scale: 0.5 })
  })
})
