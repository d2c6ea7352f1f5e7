/**
 * The zig-zag order of T.81 figure A.6: coefficients are stored in DQT tables and entropy coded
 * from the lowest to the highest spatial frequency.
 */

/** `NATURAL_ORDER[k]` is the row-major index (row * 8 + column) of the k-th zig-zag coefficient. */
export const NATURAL_ORDER: Uint8Array = buildNaturalOrder()

/** `ZIGZAG_POSITION[i]` is the zig-zag position of the row-major coefficient `i`. */
export const ZIGZAG_POSITION: Uint8Array = invert(NATURAL_ORDER)

/** Walks the 15 anti-diagonals, alternating direction: up-right on even ones, down-left on odd. */
function buildNaturalOrder(): Uint8Array {
  const order = new Uint8Array(64)
  let k = 0
  for (let diagonal = 0; diagonal < 15; diagonal++) {
    const first = Math.max(0, diagonal - 7)
    const last = Math.min(7, diagonal)
    for (let step = first; step <= last; step++) {
      const row = diagonal % 2 === 0 ? diagonal - step : step
      order[k++] = row * 8 + (diagonal - row)
    }
  }
  return order
}

function invert(order: Uint8Array): Uint8Array {
  const inverse = new Uint8Array(64)
  order.forEach((natural, position) => {
    inverse[natural] = position
  })
  return inverse
}
