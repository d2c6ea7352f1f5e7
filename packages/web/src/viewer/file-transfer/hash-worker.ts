/**
 * The worker that reads and hashes a file the operator sends, off the page's main thread (so
 * the screen keeps painting while a big file goes out). It is told the `Blob` once, then
 * answers numbered requests: bytes at an offset (their buffer moved, not copied) or the
 * SHA-256 of the whole file. See `worker-source.ts` for the page's side.
 */
import { blobSource } from './file-source'
import { type HashingSource, hashingSource } from './hashing-source'
import type { HashRequest, HashResponse } from './hash-worker-messages'

interface WorkerScope {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null
  postMessage(message: HashResponse, transfer?: Transferable[]): void
}

const scope = self as unknown as WorkerScope
let source: HashingSource | null = null

const failure = (id: number, error: unknown): HashResponse => ({
  kind: 'failed',
  id,
  message: error instanceof Error ? error.message : String(error),
})

scope.onmessage = (event) => {
  const request = event.data
  if (request.kind === 'open') {
    source = hashingSource(blobSource(request.blob))
    return
  }
  if (source === null) {
    scope.postMessage(failure(request.id, new Error('no file to read')))
    return
  }
  if (request.kind === 'read') {
    source.read(request.offset, request.length).then(
      (bytes) => {
        // A fresh buffer per read: the whole of it can move to the page.
        const { buffer } = bytes
        const isWhole = bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
        const data =
          isWhole && buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : bytes.slice()
        scope.postMessage({ kind: 'bytes', id: request.id, data }, [data.buffer])
      },
      (error: unknown) => {
        scope.postMessage(failure(request.id, error))
      },
    )
    return
  }
  source.sha256().then(
    (sha256) => {
      scope.postMessage({ kind: 'sha256', id: request.id, sha256 })
    },
    (error: unknown) => {
      scope.postMessage(failure(request.id, error))
    },
  )
}
