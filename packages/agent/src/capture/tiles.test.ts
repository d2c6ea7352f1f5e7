import { describe, expect, it } from 'vitest'

import type { Frame } from './capture.js'
import { tilesCovering } from './tile-rects.js'
import { TileDiffer } from './tiles.js'

const WIDTH = 300
const HEIGHT = 200

function solidFrame(width: number, height: number, value: number, x = 0, y = 0): Frame {
  return { x, y, width, height, stride: width * 4, data: Buffer.alloc(width * height * 4, value) }
}

function setPixel(frame: Frame, x: number, y: number, value: number): void {
  const offset = (y - frame.y) * frame.stride + (x - frame.x) * 4
  frame.data.fill(value, offset, offset + 4)
}

describe('TileDiffer', () => {
  it('reports the whole desktop for the first frame, merged into one rectangle', () => {
    const differ = new TileDiffer(WIDTH, HEIGHT)
    expect(differ.update(solidFrame(WIDTH, HEIGHT, 1))).toEqual([
      { x: 0, y: 0, width: WIDTH, height: HEIGHT },
    ])
  })

  it('reports nothing when nothing changed', () => {
    const differ = new TileDiffer(WIDTH, HEIGHT)
    differ.update(solidFrame(WIDTH, HEIGHT, 1))
    expect(differ.update(solidFrame(WIDTH, HEIGHT, 1))).toEqual([])
  })

  it('finds exactly the tile of one changed pixel, clipped at the desktop edge', () => {
    const differ = new TileDiffer(WIDTH, HEIGHT)
    differ.update(solidFrame(WIDTH, HEIGHT, 1))
    const next = solidFrame(WIDTH, HEIGHT, 1)
    setPixel(next, 70, 10, 9)
    setPixel(next, 299, 199, 9)
    expect(differ.update(next)).toEqual([
      { x: 64, y: 0, width: 64, height: 64 },
      { x: 256, y: 192, width: 44, height: 8 },
    ])
  })

  it('merges neighbouring changed tiles into runs and runs into blocks', () => {
    const differ = new TileDiffer(WIDTH, HEIGHT)
    differ.update(solidFrame(WIDTH, HEIGHT, 1))
    const next = solidFrame(WIDTH, HEIGHT, 1)
    for (const [x, y] of [
      [0, 0],
      [64, 63],
      [10, 64],
      [127, 100],
      [200, 150],
    ] as const) {
      setPixel(next, x, y, 5)
    }
    expect(differ.update(next)).toEqual([
      { x: 0, y: 0, width: 128, height: 128 },
      { x: 192, y: 128, width: 64, height: 64 },
    ])
  })

  it('compares a region against the remembered pixels and remembers it', () => {
    const differ = new TileDiffer(WIDTH, HEIGHT)
    differ.update(solidFrame(WIDTH, HEIGHT, 1))
    const region = solidFrame(100, 50, 1, 100, 100)
    setPixel(region, 150, 140, 7)
    expect(differ.update(region)).toEqual([{ x: 128, y: 128, width: 64, height: 22 }])
    expect(differ.update(region)).toEqual([])
    const offset = 140 * differ.pixels.stride + 150 * 4
    expect(differ.pixels.data.subarray(offset, offset + 4)).toEqual(Buffer.alloc(4, 7))
  })

  it('reads frames with a stride wider than their width', () => {
    const differ = new TileDiffer(WIDTH, HEIGHT)
    differ.update(solidFrame(WIDTH, HEIGHT, 1))
    const padded: Frame = {
      x: 0,
      y: 0,
      width: 10,
      height: 2,
      stride: 64,
      data: Buffer.alloc(128, 1),
    }
    padded.data.fill(3, 40, 64) // padding only: no visible change
    expect(differ.update(padded)).toEqual([])
    padded.data.fill(3, 64 + 36, 64 + 40) // pixel (9, 1)
    expect(differ.update(padded)).toEqual([{ x: 0, y: 0, width: 10, height: 2 }])
  })

  it('reports everything again after reset', () => {
    const differ = new TileDiffer(WIDTH, HEIGHT)
    differ.update(solidFrame(WIDTH, HEIGHT, 1))
    differ.reset()
    expect(differ.update(solidFrame(WIDTH, HEIGHT, 1))).toHaveLength(1)
  })
})

describe('tilesCovering', () => {
  it('aligns damaged rectangles to tiles and merges them', () => {
    expect(
      tilesCovering(
        [
          { x: 5, y: 5, width: 10, height: 10 },
          { x: 70, y: 60, width: 2, height: 10 },
          { x: -20, y: 190, width: 30, height: 50 },
        ],
        WIDTH,
        HEIGHT,
        64,
      ),
    ).toEqual([
      { x: 0, y: 0, width: 128, height: 64 },
      { x: 64, y: 64, width: 64, height: 64 },
      { x: 0, y: 128, width: 64, height: 72 },
    ])
  })
})
