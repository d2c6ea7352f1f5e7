/** The AAN DCT with folded quantisation against the T.81 A.3.3 definition, computed directly. */
import { describe, expect, it } from 'vitest'

import { forwardDctQuantise } from './dct.js'
import { quantTablesFor } from './quant-tables.js'
import { NATURAL_ORDER } from './zigzag.js'

/** F(u, v) = 1/4 C(u) C(v) Σx Σy f(x, y) cos((2x+1)uπ/16) cos((2y+1)vπ/16). */
function referenceDct(samples: Float32Array, stride: number, u: number, v: number): number {
  const scale = (k: number) => (k === 0 ? Math.SQRT1_2 : 1)
  let sum = 0
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      const basis =
        Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16)
      sum += (samples[y * stride + x] ?? 0) * basis
    }
  }
  return (scale(u) * scale(v) * sum) / 4
}

describe('forwardDctQuantise', () => {
  it('matches the definition divided by the quantisation table, within rounding', () => {
    const stride = 13
    const samples = new Float32Array(stride * 9)
    for (let n = 0; n < samples.length; n++) samples[n] = ((n * 7919) % 256) - 128
    const offset = stride + 3
    for (const quality of [100, 75, 20]) {
      const table = quantTablesFor(quality).luminance
      const output = new Int32Array(64)
      forwardDctQuantise(samples, offset, stride, table.multipliers, output)
      for (let k = 0; k < 64; k++) {
        const natural = NATURAL_ORDER[k] ?? 0
        const expected =
          referenceDct(samples.subarray(offset), stride, natural & 7, natural >> 3) /
          (table.zigzag[k] ?? 1)
        expect(Math.abs((output[k] ?? 0) - expected)).toBeLessThanOrEqual(0.5 + 1e-3)
      }
    }
  })
})
