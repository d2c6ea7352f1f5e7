/** The JPEG encoder against a reference decoder (jpeg-js): structure, fidelity, sizes, errors. */
import jpeg from 'jpeg-js'
import { describe, expect, it } from 'vitest'

import { type BgrxImage, encodeJpeg } from './jpeg.js'
import { paintImage, psnr, smooth, textLike } from './test-support/images.js'

function decode(bytes: Uint8Array): { width: number; height: number; data: Uint8Array } {
  return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true })
}

/** Byte offset of the first `marker` segment (0xFFxx) in the headers, or -1. */
function findMarker(bytes: Uint8Array, marker: number): number {
  for (let at = 2; at + 3 < bytes.length;) {
    if (bytes[at] !== 0xff) return -1
    const code = 0xff00 | (bytes[at + 1] ?? 0)
    if (code === marker) return at
    if (code === 0xffda) return -1
    at += 2 + (((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0))
  }
  return -1
}

describe('encodeJpeg', () => {
  it('writes SOI, a JFIF APP0, a baseline SOF0 with the size, and EOI', () => {
    const bytes = encodeJpeg(paintImage(17, 33, smooth), 80)
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0])
    expect(new TextDecoder().decode(bytes.subarray(6, 11))).toBe('JFIF\0')
    const frame = findMarker(bytes, 0xffc0)
    expect(frame).toBeGreaterThan(0)
    const view = new DataView(bytes.buffer, bytes.byteOffset + frame)
    expect([view.getUint8(4), view.getUint16(5), view.getUint16(7)]).toEqual([8, 33, 17])
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9])
  })

  const sizes = [
    [1, 1],
    [7, 9],
    [16, 16],
    [17, 33],
    [256, 256],
    [1920, 1080],
  ] as const
  for (const chroma of ['4:2:0', '4:4:4'] as const) {
    for (const [width, height] of sizes) {
      it(`decodes ${width}x${height} ${chroma} at q80 to the same size, above 30 dB for a smooth picture`, () => {
        const image = paintImage(width, height, smooth)
        const decoded = decode(encodeJpeg(image, 80, { chroma }))
        expect([decoded.width, decoded.height]).toEqual([width, height])
        expect(psnr(image, decoded.data)).toBeGreaterThan(30)
      })
    }
  }

  it('keeps grey text-like strokes above 28 dB at q80 with either chroma sampling', () => {
    const image = paintImage(256, 256, textLike)
    expect(psnr(image, decode(encodeJpeg(image, 80)).data)).toBeGreaterThan(28)
    expect(psnr(image, decode(encodeJpeg(image, 80, { chroma: '4:4:4' })).data)).toBeGreaterThan(28)
  })

  it('is close to lossless at q100 in 4:4:4', () => {
    const image = paintImage(64, 48, smooth)
    expect(psnr(image, decode(encodeJpeg(image, 100, { chroma: '4:4:4' })).data)).toBeGreaterThan(
      45,
    )
  })

  it('still decodes at quality 1', () => {
    const image = paintImage(100, 60, smooth)
    const decoded = decode(encodeJpeg(image, 1))
    expect([decoded.width, decoded.height]).toEqual([100, 60])
    expect(psnr(image, decoded.data)).toBeGreaterThan(15)
  })

  it('gets smaller as the quality drops', () => {
    const image = paintImage(128, 128, (x, y) => {
      const [red, green, blue] = smooth(x, y)
      return [red, (green + textLike(x, y)[1]) / 2, blue]
    })
    const lengths = [100, 90, 75, 50, 25, 10, 1].map((quality) => encodeJpeg(image, quality).length)
    for (let n = 1; n < lengths.length; n++) {
      expect(lengths[n]).toBeLessThan(lengths[n - 1] ?? 0)
    }
  })

  it('repeats edge pixels into partial blocks, so a flat image stays flat', () => {
    const image = paintImage(17, 33, () => [200, 40, 90])
    const { data } = decode(encodeJpeg(image, 75))
    for (let at = 0; at < data.length; at += 4) {
      expect(Math.abs((data[at] ?? 0) - 200)).toBeLessThanOrEqual(3)
      expect(Math.abs((data[at + 1] ?? 0) - 40)).toBeLessThanOrEqual(3)
      expect(Math.abs((data[at + 2] ?? 0) - 90)).toBeLessThanOrEqual(3)
    }
  })

  it('reads only the pixels: row padding and the X bytes do not change the output', () => {
    const tight = paintImage(33, 20, smooth)
    const padded = paintImage(33, 20, smooth, 28)
    padded.data.fill(0x5a)
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < 33; x++) {
        const pixel = tight.data.subarray(y * tight.stride + x * 4, y * tight.stride + x * 4 + 3)
        padded.data.set(pixel, y * padded.stride + x * 4)
      }
    }
    // The last row may end right after its last pixel.
    const shortened = { ...padded, data: padded.data.subarray(0, padded.stride * 19 + 33 * 4) }
    expect(encodeJpeg(shortened, 85)).toEqual(encodeJpeg(tight, 85))
  })

  it('returns bytes it no longer touches, and gives the same output after other images', () => {
    const image = paintImage(40, 24, smooth)
    const first = encodeJpeg(image, 60)
    const copy = first.slice()
    encodeJpeg(paintImage(640, 480, textLike), 95, { chroma: '4:4:4' })
    expect(first).toEqual(copy)
    expect(encodeJpeg(image, 60)).toEqual(copy)
  })

  describe('rejects what it cannot encode with a RangeError', () => {
    const good = paintImage(4, 4, smooth)
    const cases: [string, BgrxImage, number, RegExp][] = [
      ['zero width', { ...good, width: 0 }, 80, /width must be an integer from 1 to 65535, got 0/],
      ['zero height', { ...good, height: 0 }, 80, /height must be an integer from 1 to 65535/],
      ['a width past 65535', { ...good, width: 65_536 }, 80, /width .* got 65536/],
      ['a height past 65535', { ...good, height: 70_000 }, 80, /height .* got 70000/],
      ['a fractional width', { ...good, width: 2.5 }, 80, /width must be an integer/],
      [
        'a short stride',
        { ...good, stride: 15 },
        80,
        /stride must be .* at least .* 16 bytes, got 15/,
      ],
      [
        'short data',
        { ...good, data: good.data.subarray(1) },
        80,
        /needs 64 bytes of data, got 63/,
      ],
      ['quality 0', good, 0, /quality must be a number from 1 to 100, got 0/],
      ['quality 101', good, 101, /quality .* got 101/],
      ['quality NaN', good, Number.NaN, /quality .* got NaN/],
    ]
    for (const [what, image, quality, message] of cases) {
      it(what, () => {
        expect(() => encodeJpeg(image, quality)).toThrow(RangeError)
        expect(() => encodeJpeg(image, quality)).toThrow(message)
      })
    }
  })
})
