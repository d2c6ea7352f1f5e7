/**
 * Quantisation: the example tables of T.81 Annex K.1 scaled by quality the way the IJG library
 * does, and the per-coefficient multipliers that fold quantisation into the AAN DCT's output scale.
 */
import { AAN_SCALE } from './dct.js'
import { NATURAL_ORDER } from './zigzag.js'

/** T.81 table K.1, row-major. */
const LUMINANCE_BASE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]

/** T.81 table K.2, row-major. */
const CHROMINANCE_BASE = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...new Array<number>(32).fill(99),
]

/** One component class's table at one quality. */
export interface QuantTable {
  /** The divisors in zig-zag order, as written to the DQT segment (1–255, baseline precision). */
  readonly zigzag: Uint8Array
  /** Row-major: multiply an AAN DCT output by this and round to get the quantised coefficient. */
  readonly multipliers: Float32Array
}

/** The luminance and chrominance tables for one quality. */
export interface QuantTables {
  readonly luminance: QuantTable
  readonly chrominance: QuantTable
}

const cache = new Map<number, QuantTables>()

/** Tables for an integer `quality` 1–100, built on first use and kept (at most 100 entries). */
export function quantTablesFor(quality: number): QuantTables {
  let tables = cache.get(quality)
  if (tables === undefined) {
    const scale = ijgScale(quality)
    tables = {
      luminance: buildTable(LUMINANCE_BASE, scale),
      chrominance: buildTable(CHROMINANCE_BASE, scale),
    }
    cache.set(quality, tables)
  }
  return tables
}

/** IJG's mapping of quality to a percentage scale: 50 keeps the Annex K tables as they are. */
function ijgScale(quality: number): number {
  return quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2
}

function buildTable(base: readonly number[], scale: number): QuantTable {
  const zigzag = new Uint8Array(64)
  const multipliers = new Float32Array(64)
  for (let k = 0; k < 64; k++) {
    const natural = NATURAL_ORDER[k] ?? 0
    const divisor = Math.min(
      255,
      Math.max(1, Math.floor(((base[natural] ?? 0) * scale + 50) / 100)),
    )
    zigzag[k] = divisor
    // The AAN DCT leaves each output multiplied by 8 * AAN_SCALE[row] * AAN_SCALE[column].
    const aan = 8 * (AAN_SCALE[natural >> 3] ?? 1) * (AAN_SCALE[natural & 7] ?? 1)
    multipliers[natural] = 1 / (divisor * aan)
  }
  return { zigzag, multipliers }
}
