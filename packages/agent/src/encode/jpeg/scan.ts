/**
 * The one interleaved scan of a baseline JPEG: MCU after MCU, left to right and top to bottom.
 * A 4:2:0 MCU covers 16x16 pixels (four Y blocks, then one Cb and one Cr); a 4:4:4 MCU covers
 * 8x8 (one block of each).
 */
import type { BitWriter } from './bit-writer.js'
import {
  type BgrxPixels,
  type Strip,
  convertStrip420,
  convertStrip444,
  prepareStrip,
} from './colour.js'
import { forwardDctQuantise } from './dct.js'
import { MAX_BLOCK_BYTES, encodeBlock } from './entropy.js'
import {
  CHROMINANCE_AC_CODES,
  CHROMINANCE_DC_CODES,
  LUMINANCE_AC_CODES,
  LUMINANCE_DC_CODES,
} from './huffman-tables.js'
import type { QuantTables } from './quant-tables.js'

/** Working memory kept between images; it only ever grows to the widest image seen. */
const strip: Strip = {
  luma: new Float32Array(0),
  blue: new Float32Array(0),
  red: new Float32Array(0),
  lumaStride: 0,
  chromaStride: 0,
}
const coefficients = new Int32Array(64)

/** Writes the entropy-coded data of `image`, ending on a byte boundary. */
export function writeScan(
  writer: BitWriter,
  image: BgrxPixels,
  tables: QuantTables,
  isSubsampled: boolean,
): void {
  prepareStrip(strip, image.width, isSubsampled)
  const { lumaStride, chromaStride } = strip
  const lumaMultipliers = tables.luminance.multipliers
  const chromaMultipliers = tables.chrominance.multipliers
  const mcuSize = isSubsampled ? 16 : 8
  const mcuCount = lumaStride / mcuSize
  const blocksPerMcu = isSubsampled ? 6 : 3
  let lumaDc = 0
  let blueDc = 0
  let redDc = 0

  for (let top = 0; top < image.height; top += mcuSize) {
    if (isSubsampled) convertStrip420(image, top, strip)
    else convertStrip444(image, top, strip)
    writer.reserve(mcuCount * blocksPerMcu * MAX_BLOCK_BYTES)
    const { luma, blue, red } = strip

    for (let mcu = 0; mcu < mcuCount; mcu++) {
      const lumaX = mcu * mcuSize
      if (isSubsampled) {
        const lowerX = lumaX + 8 * lumaStride
        lumaDc = encodeLuma(writer, luma, lumaX, lumaStride, lumaMultipliers, lumaDc)
        lumaDc = encodeLuma(writer, luma, lumaX + 8, lumaStride, lumaMultipliers, lumaDc)
        lumaDc = encodeLuma(writer, luma, lowerX, lumaStride, lumaMultipliers, lumaDc)
        lumaDc = encodeLuma(writer, luma, lowerX + 8, lumaStride, lumaMultipliers, lumaDc)
      } else {
        lumaDc = encodeLuma(writer, luma, lumaX, lumaStride, lumaMultipliers, lumaDc)
      }
      const chromaX = mcu * 8
      blueDc = encodeChroma(writer, blue, chromaX, chromaStride, chromaMultipliers, blueDc)
      redDc = encodeChroma(writer, red, chromaX, chromaStride, chromaMultipliers, redDc)
    }
  }
  writer.padToByte()
}

function encodeLuma(
  writer: BitWriter,
  plane: Float32Array,
  offset: number,
  stride: number,
  multipliers: Float32Array,
  previousDc: number,
): number {
  forwardDctQuantise(plane, offset, stride, multipliers, coefficients)
  return encodeBlock(writer, coefficients, previousDc, LUMINANCE_DC_CODES, LUMINANCE_AC_CODES)
}

function encodeChroma(
  writer: BitWriter,
  plane: Float32Array,
  offset: number,
  stride: number,
  multipliers: Float32Array,
  previousDc: number,
): number {
  forwardDctQuantise(plane, offset, stride, multipliers, coefficients)
  return encodeBlock(writer, coefficients, previousDc, CHROMINANCE_DC_CODES, CHROMINANCE_AC_CODES)
}
