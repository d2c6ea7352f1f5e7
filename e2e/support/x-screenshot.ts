/**
 * What an X display really shows, read with `xwd -root` (x11-utils): the reference the
 * viewer's canvas is compared with. Only the format Xvfb uses is read (ZPixmap, 24-bit colour
 * in 32-bit pixels); anything else is refused with a clear error.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

export interface RgbaPicture {
  readonly width: number
  readonly height: number
  /** 4 bytes per pixel in R, G, B, A order, rows `width * 4` apart (like canvas ImageData). */
  readonly rgba: Uint8Array
}

const Z_PIXMAP = 2
const LSB_FIRST = 0
const COLOUR_BYTES = 12

export async function screenshotX(display: string): Promise<RgbaPicture> {
  const { stdout } = await promisify(execFile)('xwd', ['-root', '-silent', '-display', display], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 10_000,
  })
  const field = (index: number) => stdout.readUInt32BE(index * 4)
  const headerSize = field(0)
  const [format, depth, width, height] = [field(2), field(3), field(4), field(5)]
  const [byteOrder, bitsPerPixel, bytesPerLine, colours] = [
    field(7),
    field(11),
    field(12),
    field(19),
  ]
  if (format !== Z_PIXMAP || depth !== 24 || bitsPerPixel !== 32 || byteOrder !== LSB_FIRST) {
    throw new Error(
      `xwd gave format ${format}, depth ${depth}, ${bitsPerPixel} bits per pixel, byte order ${byteOrder}: only ZPixmap 24/32 LSB is read`,
    )
  }
  const start = headerSize + colours * COLOUR_BYTES
  const rgba = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = start + y * bytesPerLine + x * 4
      const to = (y * width + x) * 4
      rgba[to] = stdout[from + 2] ?? 0
      rgba[to + 1] = stdout[from + 1] ?? 0
      rgba[to + 2] = stdout[from] ?? 0
      rgba[to + 3] = 255
    }
  }
  return { width, height, rgba }
}

/** Share of pixels (0–1) whose colour differs by more than `tolerance` in any channel. */
export function differingShare(a: RgbaPicture, b: RgbaPicture, tolerance = 0): number {
  if (a.width !== b.width || a.height !== b.height) return 1
  let differing = 0
  for (let i = 0; i < a.rgba.length; i += 4) {
    for (let channel = 0; channel < 3; channel += 1) {
      if (Math.abs((a.rgba[i + channel] ?? 0) - (b.rgba[i + channel] ?? 0)) > tolerance) {
        differing += 1
        break
      }
    }
  }
  return differing / (a.width * a.height)
}

/** The part of `picture` at (x, y) of the given size (which must lie inside it). */
export function cropPicture(
  picture: RgbaPicture,
  x: number,
  y: number,
  width: number,
  height: number,
): RgbaPicture {
  if (x + width > picture.width || y + height > picture.height) {
    throw new RangeError(`${width}x${height}+${x}+${y} is not inside the picture`)
  }
  const rgba = new Uint8Array(width * height * 4)
  for (let row = 0; row < height; row += 1) {
    const from = ((y + row) * picture.width + x) * 4
    rgba.set(picture.rgba.subarray(from, from + width * 4), row * width * 4)
  }
  return { width, height, rgba }
}
