/**
 * A file source that hashes what it reads (SPEC.md T4): every byte of the file goes into one
 * SHA-256, in order and exactly once, however the sender reads it (again from an earlier
 * offset after a resume, or from a later one the agent already holds). Reads run one after
 * the other so the hash sees the bytes in order.
 */
import type { FileSource } from './file-source'
import { Sha256 } from './sha256'

/** Bytes read at once when hashing a part the sender never asked for. */
const CATCH_UP_BYTES = 2 * 1024 * 1024

/** A {@link FileSource} that also knows the SHA-256 of the whole file. */
export interface HashingSource extends FileSource {
  /** The SHA-256 (hex) of the whole file; reads whatever part was never read. */
  sha256(): Promise<string>
  /** Frees what the source holds (a worker); later reads fail. */
  close(): void
}

/** Whether `source` hashes what it reads itself. */
export function isHashingSource(source: FileSource): source is HashingSource {
  return 'sha256' in source && 'close' in source
}

/** Hashes `source` on this thread. */
export function hashingSource(source: FileSource): HashingSource {
  const hash = new Sha256()
  let tail: Promise<unknown> = Promise.resolve()
  let digest: string | null = null

  /** Runs `step` after every earlier one (whatever their outcome). */
  const queued = <T>(step: () => Promise<T>): Promise<T> => {
    const result = tail.then(step, step)
    tail = result.catch(() => undefined)
    return result
  }

  const hashFrom = (offset: number, bytes: Uint8Array): void => {
    const seen = hash.byteLength
    if (offset > seen || offset + bytes.byteLength <= seen) return
    hash.update(bytes.subarray(seen - offset))
  }

  /** Hashes the bytes between what was hashed and `end`. */
  const catchUp = async (end: number): Promise<void> => {
    while (hash.byteLength < end) {
      const at = hash.byteLength
      const bytes = await source.read(at, Math.min(CATCH_UP_BYTES, end - at))
      if (bytes.byteLength === 0) throw new Error('the file is shorter than it was')
      hashFrom(at, bytes)
    }
  }

  return {
    size: source.size,
    read: (offset, length) =>
      queued(async () => {
        await catchUp(Math.min(offset, source.size))
        const bytes = await source.read(offset, length)
        hashFrom(offset, bytes)
        return bytes
      }),
    sha256: () =>
      queued(async () => {
        if (digest === null) {
          await catchUp(source.size)
          digest = hash.digestHex()
        }
        return digest
      }),
    close: () => undefined,
  }
}
