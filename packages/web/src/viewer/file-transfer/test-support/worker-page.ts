/** The browser test page for the hashing worker: `hashedBlobSource` on random Blobs. */
import { hashedBlobSource } from '../worker-source'
import type { WorkerTestApi } from './worker-page-api'

const PIECE_BYTES = 65_536

function randomBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  for (let at = 0; at < size; at += PIECE_BYTES) {
    crypto.getRandomValues(bytes.subarray(at, at + PIECE_BYTES))
  }
  return bytes
}

const hex = (digest: ArrayBuffer) =>
  [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')

const api: WorkerTestApi = {
  readAndHash: async (size, reads) => {
    const bytes = randomBytes(size)
    const source = hashedBlobSource(new Blob([bytes]))
    let isEveryReadRight = true
    for (const [offset, length] of reads) {
      const got = await source.read(offset, length)
      const want = bytes.subarray(offset, offset + length)
      if (got.byteLength !== want.byteLength || got.some((byte, at) => byte !== want[at])) {
        isEveryReadRight = false
      }
    }
    const sha256 = await source.sha256()
    source.close()
    const usedWorker = performance
      .getEntriesByType('resource')
      .some((entry) => entry.name.includes('hash-worker'))
    return {
      sha256,
      expected: hex(await crypto.subtle.digest('SHA-256', bytes)),
      isEveryReadRight,
      usedWorker,
    }
  },
  readAfterClose: async (size) => {
    const source = hashedBlobSource(new Blob([randomBytes(size)]))
    await source.read(0, 10)
    source.close()
    return source.read(10, 10).then(
      () => 'read',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    )
  },
}
window.workerTest = api
