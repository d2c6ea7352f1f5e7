/**
 * A growable output buffer for one JPEG: whole bytes for the marker segments, and a bit stream
 * for the entropy-coded data, which stuffs a zero byte after every 0xFF (T.81 F.1.2.3) so that
 * no marker can appear inside it. The buffer is kept between images and grows by doubling.
 */

const INITIAL_CAPACITY = 64 * 1024

export class BitWriter {
  #bytes = new Uint8Array(INITIAL_CAPACITY)
  #position = 0
  /** Pending bits, right-aligned; only the low `#bitCount` (at most 7 between calls) matter. */
  #accumulator = 0
  #bitCount = 0

  /** Starts a new image, keeping the buffer. */
  reset(): void {
    this.#position = 0
    this.#accumulator = 0
    this.#bitCount = 0
  }

  /** Makes room for `byteCount` more bytes. */
  reserve(byteCount: number): void {
    const needed = this.#position + byteCount
    if (needed <= this.#bytes.length) return
    let capacity = this.#bytes.length * 2
    while (capacity < needed) capacity *= 2
    const grown = new Uint8Array(capacity)
    grown.set(this.#bytes.subarray(0, this.#position))
    this.#bytes = grown
  }

  /** Appends raw bytes (marker segments); the caller has reserved room. */
  writeBytes(bytes: ArrayLike<number>): void {
    this.#bytes.set(bytes, this.#position)
    this.#position += bytes.length
  }

  writeUint8(value: number): void {
    this.#bytes[this.#position++] = value
  }

  writeUint16(value: number): void {
    this.#bytes[this.#position++] = value >> 8
    this.#bytes[this.#position++] = value & 0xff
  }

  /**
   * Appends the low `length` bits of `bits` (at most 24) to the entropy-coded data, most
   * significant first; the caller has reserved two bytes per 8 bits for stuffing.
   */
  writeBits(bits: number, length: number): void {
    let count = this.#bitCount + length
    const accumulator = (this.#accumulator << length) | bits
    while (count >= 8) {
      count -= 8
      const byte = (accumulator >>> count) & 0xff
      this.#bytes[this.#position++] = byte
      if (byte === 0xff) this.#bytes[this.#position++] = 0
    }
    this.#accumulator = accumulator
    this.#bitCount = count
  }

  /** Ends the entropy-coded data, filling the last byte with 1 bits as F.1.2.3 requires. */
  padToByte(): void {
    const fill = 8 - this.#bitCount
    if (fill < 8) this.writeBits((1 << fill) - 1, fill)
  }

  /** A copy of everything written, so the caller owns it and the buffer can be reused. */
  toBytes(): Uint8Array {
    return this.#bytes.slice(0, this.#position)
  }
}
