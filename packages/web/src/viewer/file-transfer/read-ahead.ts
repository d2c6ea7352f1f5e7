/**
 * Reads a file source in big blocks, one block ahead of the reader, so the sender never waits
 * for the disk (or the browser's blob store) between two chunks.
 */
import type { FileSource } from './file-source'

/** Bytes read from the source at once. */
export const READ_BLOCK_BYTES = 2 * 1024 * 1024

interface Block {
  readonly offset: number
  readonly length: number
  readonly bytes: Promise<Uint8Array>
}

export class ReadAhead {
  readonly #source: FileSource
  #current: Block | null = null
  #next: Block | null = null

  constructor(source: FileSource) {
    this.#source = source
  }

  /**
   * Up to `length` bytes at `offset`: fewer at the end of a block or of the file (the caller
   * goes on from where the answer ends). Sequential reads are the fast case.
   */
  async read(offset: number, length: number): Promise<Uint8Array> {
    const block = this.#blockFor(offset)
    const bytes = await block.bytes
    // The file changed on disk since it was chosen: its bytes no longer match its size.
    if (bytes.byteLength !== block.length) throw new Error('the file changed while it was sent')
    const start = offset - block.offset
    const end = Math.min(start + length, bytes.byteLength)
    if (end === bytes.byteLength) this.#prefetch(block.offset + bytes.byteLength)
    return bytes.subarray(start, end)
  }

  #blockFor(offset: number): Block {
    for (const block of [this.#current, this.#next]) {
      if (block !== null && offset >= block.offset && offset < block.offset + READ_BLOCK_BYTES) {
        if (block === this.#next) {
          this.#current = block
          this.#next = null
        }
        this.#prefetch(block.offset + READ_BLOCK_BYTES)
        return block
      }
    }
    const block = this.#load(offset)
    this.#current = block
    this.#next = null
    this.#prefetch(offset + READ_BLOCK_BYTES)
    return block
  }

  #prefetch(offset: number): void {
    if (offset >= this.#source.size || this.#next?.offset === offset) return
    if (this.#current?.offset === offset) return
    this.#next = this.#load(offset)
  }

  #load(offset: number): Block {
    const length = Math.min(READ_BLOCK_BYTES, this.#source.size - offset)
    const bytes = this.#source.read(offset, length)
    // A failed read surfaces when the block is awaited, not as an unhandled rejection.
    bytes.catch(() => undefined)
    return { offset, length, bytes }
  }
}
