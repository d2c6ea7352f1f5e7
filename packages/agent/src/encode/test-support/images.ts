/** Test pictures and a quality measure shared by the JPEG tests (not used by the encoder). */
import type { BgrxImage } from '../jpeg.js'

type Colour = readonly [red: number, green: number, blue: number]

/** An image whose pixels come from `paint`, with `padding` spare bytes at the end of each row. */
export function paintImage(
  width: number,
  height: number,
  paint: (x: number, y: number) => Colour,
  padding = 0,
): BgrxImage {
  const stride = width * 4 + padding
  const data = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [red, green, blue] = paint(x, y)
      data.set([blue, green, red, 255], y * stride + x * 4)
    }
  }
  return { width, height, stride, data }
}

/** Smooth, photo-like colour waves; the same slopes at every size. */
export function smooth(x: number, y: number): Colour {
  return [
    128 + 90 * Math.sin(x / 23 + y / 41),
    120 + 80 * Math.cos(x / 37 - y / 19),
    110 + 70 * Math.sin((x + 2 * y) / 53),
  ]
}

/** Dark glyph-like strokes on a light window background. */
export function textLike(x: number, y: number): Colour {
  const isInk = y % 14 < 10 && x % 8 < 5 && ((x >> 1) + y) % 3 !== 0
  return isInk ? [32, 32, 40] : [246, 246, 240]
}

/** Peak signal-to-noise ratio in dB of decoded RGBA pixels (width * 4 bytes a row) over R, G, B. */
export function psnr(image: BgrxImage, rgba: Uint8Array): number {
  let squares = 0
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const source = y * image.stride + x * 4
      const decoded = (y * image.width + x) * 4
      for (let channel = 0; channel < 3; channel++) {
        const error = (image.data[source + 2 - channel] ?? 0) - (rgba[decoded + channel] ?? 0)
        squares += error * error
      }
    }
  }
  const meanSquare = squares / (image.width * image.height * 3)
  return meanSquare === 0 ? Infinity : 10 * Math.log10((255 * 255) / meanSquare)
}
