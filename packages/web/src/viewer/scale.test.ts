import { describe, expect, it } from 'vitest'

import { ScaleMode, displaySize } from './scale'

describe('displaySize', () => {
  const screen = { width: 1920, height: 1080 }

  it('fits the screen in the container, keeping its aspect', () => {
    expect(displaySize(ScaleMode.Fit, screen, { width: 960, height: 1000 })).toEqual({
      width: 960,
      height: 540,
    })
    expect(displaySize(ScaleMode.Fit, screen, { width: 3000, height: 540 })).toEqual({
      width: 960,
      height: 540,
    })
  })

  it('keeps one CSS pixel per remote pixel in 1:1, whatever the container', () => {
    expect(displaySize(ScaleMode.OneToOne, screen, { width: 800, height: 600 })).toEqual(screen)
  })

  it('keeps the screen size while the container has no size yet', () => {
    expect(displaySize(ScaleMode.Fit, screen, { width: 0, height: 0 })).toEqual(screen)
  })
})
