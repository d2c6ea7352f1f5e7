/**
 * Forward 8x8 DCT after Arai, Agui and Nakajima (the "AAN" factorisation: 5 multiplications per
 * 8 points), in floating point, with quantisation folded into the output scale. The AAN outputs
 * carry per-coefficient factors, which the quantisation multipliers divide out at no extra cost.
 */
import { ZIGZAG_POSITION } from './zigzag.js'

/**
 * One AAN pass leaves output k multiplied by AAN_SCALE[k] (the 2-D transform by 8 times the
 * product of the row and column factors): 1 for k = 0, √2·cos(kπ/16) otherwise.
 */
export const AAN_SCALE: Float64Array = Float64Array.from({ length: 8 }, (_, k) =>
  k === 0 ? 1 : Math.SQRT2 * Math.cos((k * Math.PI) / 16),
)

const COS_4 = Math.cos((4 * Math.PI) / 16) // 0.7071…
const ROTATE_A = Math.cos((6 * Math.PI) / 16) // 0.3827…
const ROTATE_B = Math.SQRT2 * Math.cos((6 * Math.PI) / 16) // 0.5412…
const ROTATE_C = Math.SQRT2 * Math.cos((2 * Math.PI) / 16) // 1.3066…

/** Row-pass results; one per module because encoding is synchronous. */
const rows = new Float64Array(64)

/**
 * Transforms the 8x8 block of level-shifted samples at `source[offset]` (rows `stride` apart),
 * quantises it with `multipliers` (row-major, see quant-tables.ts) and writes the integers to
 * `output` in zig-zag order.
 */
export function forwardDctQuantise(
  source: Float32Array,
  offset: number,
  stride: number,
  multipliers: Float32Array,
  output: Int32Array,
): void {
  for (let row = 0, at = offset; row < 64; row += 8, at += stride) {
    const s0 = source[at] ?? 0
    const s1 = source[at + 1] ?? 0
    const s2 = source[at + 2] ?? 0
    const s3 = source[at + 3] ?? 0
    const s4 = source[at + 4] ?? 0
    const s5 = source[at + 5] ?? 0
    const s6 = source[at + 6] ?? 0
    const s7 = source[at + 7] ?? 0

    const sum07 = s0 + s7
    const sum16 = s1 + s6
    const sum25 = s2 + s5
    const sum34 = s3 + s4
    const dif07 = s0 - s7
    const dif16 = s1 - s6
    const dif25 = s2 - s5
    const dif34 = s3 - s4

    const even0 = sum07 + sum34
    const even1 = sum16 + sum25
    const even2 = sum16 - sum25
    const even3 = sum07 - sum34
    rows[row] = even0 + even1
    rows[row + 4] = even0 - even1
    const evenRotated = (even2 + even3) * COS_4
    rows[row + 2] = even3 + evenRotated
    rows[row + 6] = even3 - evenRotated

    const odd0 = dif34 + dif25
    const odd1 = dif25 + dif16
    const odd2 = dif16 + dif07
    const rotated = (odd0 - odd2) * ROTATE_A
    const odd0Rotated = ROTATE_B * odd0 + rotated
    const odd2Rotated = ROTATE_C * odd2 + rotated
    const odd1Scaled = odd1 * COS_4
    const upper = dif07 + odd1Scaled
    const lower = dif07 - odd1Scaled
    rows[row + 5] = lower + odd0Rotated
    rows[row + 3] = lower - odd0Rotated
    rows[row + 1] = upper + odd2Rotated
    rows[row + 7] = upper - odd2Rotated
  }

  for (let column = 0; column < 8; column++) {
    const s0 = rows[column] ?? 0
    const s1 = rows[column + 8] ?? 0
    const s2 = rows[column + 16] ?? 0
    const s3 = rows[column + 24] ?? 0
    const s4 = rows[column + 32] ?? 0
    const s5 = rows[column + 40] ?? 0
    const s6 = rows[column + 48] ?? 0
    const s7 = rows[column + 56] ?? 0

    const sum07 = s0 + s7
    const sum16 = s1 + s6
    const sum25 = s2 + s5
    const sum34 = s3 + s4
    const dif07 = s0 - s7
    const dif16 = s1 - s6
    const dif25 = s2 - s5
    const dif34 = s3 - s4

    const even0 = sum07 + sum34
    const even1 = sum16 + sum25
    const even2 = sum16 - sum25
    const even3 = sum07 - sum34
    const evenRotated = (even2 + even3) * COS_4

    const odd0 = dif34 + dif25
    const odd1 = dif25 + dif16
    const odd2 = dif16 + dif07
    const rotated = (odd0 - odd2) * ROTATE_A
    const odd0Rotated = ROTATE_B * odd0 + rotated
    const odd2Rotated = ROTATE_C * odd2 + rotated
    const odd1Scaled = odd1 * COS_4
    const upper = dif07 + odd1Scaled
    const lower = dif07 - odd1Scaled

    quantise(output, multipliers, column, even0 + even1)
    quantise(output, multipliers, column + 8, upper + odd2Rotated)
    quantise(output, multipliers, column + 16, even3 + evenRotated)
    quantise(output, multipliers, column + 24, lower - odd0Rotated)
    quantise(output, multipliers, column + 32, even0 - even1)
    quantise(output, multipliers, column + 40, lower + odd0Rotated)
    quantise(output, multipliers, column + 48, even3 - evenRotated)
    quantise(output, multipliers, column + 56, upper - odd2Rotated)
  }
}

/** Keeps the rounding argument positive, so truncation rounds half up like Math.round, faster. */
const ROUNDING_BIAS = 16384

function quantise(
  output: Int32Array,
  multipliers: Float32Array,
  natural: number,
  value: number,
): void {
  const scaled = value * (multipliers[natural] ?? 0) + (ROUNDING_BIAS + 0.5)
  output[ZIGZAG_POSITION[natural] ?? 0] = (scaled | 0) - ROUNDING_BIAS
}
