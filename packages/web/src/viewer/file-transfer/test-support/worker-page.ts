/**
 * The browser test page for the hashing workers: `hashedBlobSource` and `appendingHash` on
 * random Blobs.
 */
import { appendingHash } from '../appending-hash'
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

const usedWorker = (name: string) =>
  performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(`/${name}.ts`))

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
    return {
      sha256,
      expected: hex(await crypto.subtle.digest('SHA-256', bytes)),
      isEveryReadRight,
      usedWorker: usedWorker('hash-worker'),
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
  appendAndHash: async (sizes) => {
    const parts = sizes.map(randomBytes)
    const hash = appendingHash()
    for (const part of parts) hash.append(new Blob([part]))
    const sha256 = await hash.sha256()
    hash.close()
    return {
      sha256,
      expected: hex(await crypto.subtle.digest('SHA-256', await new Blob(parts).arrayBuffer())),
      usedWorker: usedWorker('append-hash-worker'),
    }
  },
  appendThenClose: async (size) => {
    const hash = appendingHash()
    hash.append(new Blob([randomBytes(size)]))
    const answer = hash.sha256().then(
      () => 'hashed',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    )
    hash.close()
    return answer
  },
}
window.workerTest = api
