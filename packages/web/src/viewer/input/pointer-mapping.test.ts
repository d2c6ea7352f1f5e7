import { describe, expect, it } from 'vitest'

import { WHEEL_LINE_PX, normaliseWheel, toRemoteButtons, toRemotePoint } from './pointer-mapping'

const screen = { width: 1920, height: 1080 }

describe('toRemotePoint', () => {
  it('maps a fitted canvas (half size, offset on the page) to remote pixels', () => {
    const box = { left: 100, top: 50, width: 960, height: 540 }
    expect(toRemotePoint({ x: 100, y: 50 }, box, screen)).toEqual({ x: 0, y: 0 })
    expect(toRemotePoint({ x: 580, y: 320 }, box, screen)).toEqual({ x: 960, y: 540 })
    expect(toRemotePoint({ x: 1059.5, y: 589.5 }, box, screen)).toEqual({ x: 1919, y: 1079 })
  })

  it('maps a 1:1 canvas scrolled inside its container (box partly above and left of the view)', () => {
    const box = { left: -300, top: -200, width: 1920, height: 1080 }
    expect(toRemotePoint({ x: 10, y: 20 }, box, screen)).toEqual({ x: 310, y: 220 })
  })

  it('clamps points past the edge (a drag that left the canvas) to the screen', () => {
    const box = { left: 0, top: 0, width: 960, height: 540 }
    expect(toRemotePoint({ x: -40, y: 2000 }, box, screen)).toEqual({ x: 0, y: 1079 })
    expect(toRemotePoint({ x: 5000, y: -1 }, box, screen)).toEqual({ x: 1919, y: 0 })
  })

  it('gives the origin for a canvas with no size yet', () => {
    expect(toRemotePoint({ x: 5, y: 5 }, { left: 0, top: 0, width: 0, height: 0 }, screen)).toEqual(
      { x: 0, y: 0 },
    )
  })
})

describe('toRemoteButtons', () => {
  it('keeps the DOM bits (primary 1, secondary 2, middle 4, back 8, forward 16) and drops others', () => {
    expect(toRemoteButtons(1 | 4)).toBe(5)
    expect(toRemoteButtons(2)).toBe(2)
    expect(toRemoteButtons(32 | 16)).toBe(16)
  })
})

describe('normaliseWheel', () => {
  it('passes pixel deltas through, rounded', () => {
    expect(normaliseWheel({ deltaX: 0.4, deltaY: 99.6, deltaMode: 0 }, 1080)).toEqual({
      deltaX: 0,
      deltaY: 100,
    })
  })

  it('turns lines and pages into pixels', () => {
    expect(normaliseWheel({ deltaX: 0, deltaY: 3, deltaMode: 1 }, 1080)).toEqual({
      deltaX: 0,
      deltaY: 3 * WHEEL_LINE_PX,
    })
    expect(normaliseWheel({ deltaX: -1, deltaY: 0, deltaMode: 2 }, 600)).toEqual({
      deltaX: -600,
      deltaY: 0,
    })
  })

  it('bounds deltas to what the protocol accepts', () => {
    expect(normaliseWheel({ deltaX: 1e9, deltaY: Number.NaN, deltaMode: 0 }, 1080)).toEqual({
      deltaX: 10_000,
      deltaY: 0,
    })
  })
})
