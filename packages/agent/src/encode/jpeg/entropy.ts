/**
 * Huffman coding of one quantised block (T.81 F.1.2): the DC coefficient as a difference from the
 * previous block of the same component, then the AC coefficients as (zero run, size) symbols, each
 * followed by the value's low bits, with ZRL for runs of 16 zeros and EOB after the last non-zero.
 */
import type { BitWriter } from './bit-writer.js'
import type { HuffmanCodes } from './huffman-tables.js'

/** Symbol for a run of 16 zero coefficients. */
const ZERO_RUN_16 = 0xf0
const END_OF_BLOCK = 0x00

/** Worst case for one block: 64 symbols of 16 + 11 bits, every byte stuffed. */
export const MAX_BLOCK_BYTES = Math.ceil((64 * 27) / 8) * 2

/**
 * Writes `coefficients` (zig-zag order) and returns its DC value, the next block's predictor.
 * The caller has reserved MAX_BLOCK_BYTES.
 */
export function encodeBlock(
  writer: BitWriter,
  coefficients: Int32Array,
  previousDc: number,
  dcCodes: HuffmanCodes,
  acCodes: HuffmanCodes,
): number {
  const dc = coefficients[0] ?? 0
  writeCoded(writer, dcCodes, 0, dc - previousDc)

  let last = 63
  while (last > 0 && coefficients[last] === 0) last--

  let run = 0
  for (let k = 1; k <= last; k++) {
    const value = coefficients[k] ?? 0
    if (value === 0) {
      run++
      continue
    }
    while (run > 15) {
      writer.writeBits(acCodes.codes[ZERO_RUN_16] ?? 0, acCodes.lengths[ZERO_RUN_16] ?? 0)
      run -= 16
    }
    writeCoded(writer, acCodes, run << 4, value)
    run = 0
  }
  if (last < 63) {
    writer.writeBits(acCodes.codes[END_OF_BLOCK] ?? 0, acCodes.lengths[END_OF_BLOCK] ?? 0)
  }
  return dc
}

/**
 * Writes the symbol `runBits | size` and then `size` bits of `value`: itself if positive, its
 * ones' complement if negative (T.81 F.1.2.1).
 */
function writeCoded(writer: BitWriter, codes: HuffmanCodes, runBits: number, value: number): void {
  const magnitude = value < 0 ? -value : value
  const size = magnitude === 0 ? 0 : 32 - Math.clz32(magnitude)
  const symbol = runBits | size
  const code = codes.codes[symbol] ?? 0
  const length = codes.lengths[symbol] ?? 0
  const bits = (value < 0 ? value - 1 : value) & ((1 << size) - 1)
  // One call when symbol and value fit the writer's 24-bit limit, as they nearly always do.
  if (length + size <= 24) {
    writer.writeBits((code << size) | bits, length + size)
  } else {
    writer.writeBits(code, length)
    writer.writeBits(bits, size)
  }
}
