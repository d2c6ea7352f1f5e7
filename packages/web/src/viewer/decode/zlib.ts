/**
 * The lossless raw-pixel encoding (SPEC.md F9): zlib of B, G, R, X bytes, rows `width * 4`
 * apart, inflated by the browser's own `DecompressionStream('deflate')`. The output is read
 * into a buffer of exactly the expected size and reading stops at the first byte past it,
 * so a small update can never inflate into a large allocation (zip bomb).
 */
import { ViewerError, ViewerErrorReason } from '../errors'
import type { Decoder } from './decoder'

/** The largest region decoded (64 Mpixels, 256 MiB of pixels: an 8K screen is half of it). */
export const MAX_ZLIB_PIXELS = 2 ** 26

/** Decodes a zlib screen update of the declared region size. */
export const decodeZlib: Decoder = async (bytes, size) => {
  if (size.width * size.height > MAX_ZLIB_PIXELS) {
    throw new ViewerError(
      ViewerErrorReason.BadImage,
      `zlib region ${size.width} × ${size.height} is larger than any screen`,
    )
  }
  const pixels = await inflateExactly(bytes, size.width * size.height * 4)
  bgrxToRgba(pixels)
  return createImageBitmap(new ImageData(pixels, size.width, size.height))
}

/** Inflates `bytes`; anything but exactly `expected` bytes of output is a `bad-image` error. */
export async function inflateExactly(
  bytes: Uint8Array,
  expected: number,
): Promise<Uint8ClampedArray<ArrayBuffer>> {
  const output = new Uint8ClampedArray(expected)
  const input = new Blob([new Uint8Array(bytes)]).stream()
  const reader = input.pipeThrough(new DecompressionStream('deflate')).getReader()
  let length = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (length + value.byteLength > expected) {
      await reader.cancel().catch(() => undefined)
      throw badSize(`more than the ${expected} bytes of a region`, expected)
    }
    output.set(value, length)
    length += value.byteLength
  }
  if (length !== expected) throw badSize(`${length} bytes`, expected)
  return output
}

/** Turns B, G, R, X pixels into R, G, B, A (opaque) in place. */
export function bgrxToRgba(pixels: Uint8ClampedArray | Uint8Array): void {
  for (let index = 0; index + 3 < pixels.length; index += 4) {
    const blue = pixels[index] ?? 0
    pixels[index] = pixels[index + 2] ?? 0
    pixels[index + 2] = blue
    pixels[index + 3] = 255
  }
}

function badSize(what: string, expected: number): ViewerError {
  return new ViewerError(
    ViewerErrorReason.BadImage,
    `zlib image inflated to ${what}, expected ${expected} (width × height × 4)`,
  )
}
