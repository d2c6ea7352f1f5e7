/** The Annex K tables can code every symbol the entropy coder emits, and obey T.81's rules. */
import { describe, expect, it } from 'vitest'

import {
  CHROMINANCE_AC,
  CHROMINANCE_DC,
  type HuffmanSpec,
  LUMINANCE_AC,
  LUMINANCE_DC,
  buildCodes,
} from './huffman-tables.js'

/** DC: sizes 0–11. AC: EOB, ZRL and every (run 0–15, size 1–10). */
function symbolsNeeded(spec: HuffmanSpec): number[] {
  if (spec.class === 'dc') return Array.from({ length: 12 }, (_, size) => size)
  const symbols = [0x00, 0xf0]
  for (let run = 0; run < 16; run++)
    for (let size = 1; size <= 10; size++) symbols.push((run << 4) | size)
  return symbols
}

describe('Huffman tables', () => {
  for (const spec of [LUMINANCE_DC, LUMINANCE_AC, CHROMINANCE_DC, CHROMINANCE_AC]) {
    it(`${spec.class} ${spec.id}: each needed symbol once, prefix-free, no all-ones code`, () => {
      const counted = spec.counts.reduce((sum, count) => sum + count, 0)
      expect(counted).toBe(spec.symbols.length)
      expect([...spec.symbols].sort((a, b) => a - b)).toEqual(
        symbolsNeeded(spec).sort((a, b) => a - b),
      )

      const { codes, lengths } = buildCodes(spec)
      const words = spec.symbols.map((symbol) =>
        (codes[symbol] ?? 0).toString(2).padStart(lengths[symbol] ?? 0, '0'),
      )
      for (const word of words) {
        expect(word).not.toMatch(/^1+$/)
        expect(words.filter((other) => other.startsWith(word))).toEqual([word])
      }
    })
  }
})
