/**
 * BGRX pixels to the level-shifted Y, Cb and Cr samples of JFIF (full-range BT.601), one strip
 * of block rows at a time. Rows and columns past the image edge repeat the last ones, so partial
 * blocks carry no artificial edge into the DCT. For 4:2:0, each chroma sample is the mean of a
 * 2x2 pixel square.
 */

const Y_R = 0.299
const Y_G = 0.587
const Y_B = 0.114
const CB_R = -0.168736
const CB_G = -0.331264
const CB_B = 0.5
const CR_R = 0.5
const CR_G = -0.418688
const CR_B = -0.081312

/** Pixels as encodeJpeg receives them (see jpeg.ts). */
export interface BgrxPixels {
  readonly width: number
  readonly height: number
  readonly stride: number
  readonly data: Uint8Array
}

/** One strip of samples, minus 128 so that they are centred on zero as the DCT expects. */
export interface Strip {
  luma: Float32Array
  blue: Float32Array
  red: Float32Array
  /** Samples per row of `luma`: the image width rounded up to whole MCUs. */
  lumaStride: number
  /** Samples per row of `blue` and `red`. */
  chromaStride: number
}

/** Sizes `strip` for an image `width` wide, reusing its arrays when they are large enough. */
export function prepareStrip(strip: Strip, width: number, isSubsampled: boolean): void {
  const mcuWidth = isSubsampled ? 16 : 8
  strip.lumaStride = Math.ceil(width / mcuWidth) * mcuWidth
  strip.chromaStride = isSubsampled ? strip.lumaStride / 2 : strip.lumaStride
  const lumaSize = strip.lumaStride * mcuWidth
  const chromaSize = strip.chromaStride * 8
  if (strip.luma.length < lumaSize) strip.luma = new Float32Array(lumaSize * 2)
  if (strip.blue.length < chromaSize) {
    strip.blue = new Float32Array(chromaSize * 2)
    strip.red = new Float32Array(chromaSize * 2)
  }
}

/** Fills a 4:2:0 strip (16 luma rows, 8 chroma rows) from image rows `top` onwards. */
export function convertStrip420(image: BgrxPixels, top: number, strip: Strip): void {
  const { width, height, stride, data } = image
  const { luma, blue, red, lumaStride, chromaStride } = strip
  const lastX = width - 1
  const lastY = height - 1
  for (let pair = 0; pair < 8; pair++) {
    const upperRow = Math.min(top + pair * 2, lastY) * stride
    const lowerRow = Math.min(top + pair * 2 + 1, lastY) * stride
    const upperLuma = pair * 2 * lumaStride
    const lowerLuma = upperLuma + lumaStride
    const chromaRow = pair * chromaStride
    for (let column = 0; column < chromaStride; column++) {
      const left = Math.min(column * 2, lastX) * 4
      const right = Math.min(column * 2 + 1, lastX) * 4

      const b0 = data[upperRow + left] ?? 0
      const g0 = data[upperRow + left + 1] ?? 0
      const r0 = data[upperRow + left + 2] ?? 0
      const b1 = data[upperRow + right] ?? 0
      const g1 = data[upperRow + right + 1] ?? 0
      const r1 = data[upperRow + right + 2] ?? 0
      const b2 = data[lowerRow + left] ?? 0
      const g2 = data[lowerRow + left + 1] ?? 0
      const r2 = data[lowerRow + left + 2] ?? 0
      const b3 = data[lowerRow + right] ?? 0
      const g3 = data[lowerRow + right + 1] ?? 0
      const r3 = data[lowerRow + right + 2] ?? 0

      const x = column * 2
      luma[upperLuma + x] = Y_R * r0 + Y_G * g0 + Y_B * b0 - 128
      luma[upperLuma + x + 1] = Y_R * r1 + Y_G * g1 + Y_B * b1 - 128
      luma[lowerLuma + x] = Y_R * r2 + Y_G * g2 + Y_B * b2 - 128
      luma[lowerLuma + x + 1] = Y_R * r3 + Y_G * g3 + Y_B * b3 - 128

      const r = r0 + r1 + r2 + r3
      const g = g0 + g1 + g2 + g3
      const b = b0 + b1 + b2 + b3
      blue[chromaRow + column] = (CB_R * r + CB_G * g + CB_B * b) * 0.25
      red[chromaRow + column] = (CR_R * r + CR_G * g + CR_B * b) * 0.25
    }
  }
}

/** Fills a 4:4:4 strip (8 rows of each component) from image rows `top` onwards. */
export function convertStrip444(image: BgrxPixels, top: number, strip: Strip): void {
  const { width, height, stride, data } = image
  const { luma, blue, red, lumaStride } = strip
  const lastX = width - 1
  const lastY = height - 1
  for (let row = 0; row < 8; row++) {
    const source = Math.min(top + row, lastY) * stride
    const target = row * lumaStride
    for (let x = 0; x < lumaStride; x++) {
      const at = source + Math.min(x, lastX) * 4
      const b = data[at] ?? 0
      const g = data[at + 1] ?? 0
      const r = data[at + 2] ?? 0
      luma[target + x] = Y_R * r + Y_G * g + Y_B * b - 128
      blue[target + x] = CB_R * r + CB_G * g + CB_B * b
      red[target + x] = CR_R * r + CR_G * g + CR_B * b
    }
  }
}
