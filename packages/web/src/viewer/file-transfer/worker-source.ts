/**
 * The page's side of the hashing worker: a `File` as a {@link HashingSource} whose reading
 * and SHA-256 run in a module worker (`hash-worker.ts`), so hashing a big file never holds up
 * the page's main thread. Small files, and browsers (or tests) without workers, are hashed
 * on this thread instead. The worker starts at the first read and ends with `close`.
 */
import { blobSource } from './file-source'
import { type HashingSource, hashingSource } from './hashing-source'
import type { HashRequest, HashResponse } from './hash-worker-messages'

/** Files smaller than this are hashed on the page: a worker would cost more than it saves. */
export const WORKER_MIN_BYTES = 4 * 1024 * 1024

interface Pending {
  readonly resolve: (response: HashResponse) => void
  readonly reject: (error: Error) => void
}

/** `blob` as a source hashed off the main thread when it is worth it and possible. */
export function hashedBlobSource(blob: Blob): HashingSource {
  if (blob.size < WORKER_MIN_BYTES || typeof Worker === 'undefined') {
    return hashingSource(blobSource(blob))
  }
  return workerSource(blob)
}

function workerSource(blob: Blob): HashingSource {
  const pending = new Map<number, Pending>()
  let worker: Worker | null = null
  let closed: Error | null = null
  let nextId = 0

  const failAll = (error: Error): void => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  }

  const started = (): Worker => {
    if (worker !== null) return worker
    const created = new Worker(new URL('./hash-worker.ts', import.meta.url), { type: 'module' })
    created.onmessage = (event: MessageEvent<HashResponse>) => {
      const waiting = pending.get(event.data.id)
      pending.delete(event.data.id)
      waiting?.resolve(event.data)
    }
    created.onerror = (event) => {
      event.preventDefault()
      failAll(new Error(`the file could not be read: ${event.message}`))
    }
    const open: HashRequest = { kind: 'open', blob }
    created.postMessage(open)
    worker = created
    return created
  }

  const ask = (request: HashRequest & { readonly id: number }): Promise<HashResponse> => {
    if (closed !== null) return Promise.reject(closed)
    const target = started()
    return new Promise<HashResponse>((resolve, reject) => {
      pending.set(request.id, { resolve, reject })
      target.postMessage(request)
    })
  }

  return {
    size: blob.size,
    read: async (offset, length) => {
      const response = await ask({ kind: 'read', id: nextId++, offset, length })
      if (response.kind === 'failed') throw new Error(response.message)
      if (response.kind !== 'bytes') throw new Error('the hashing worker answered out of turn')
      return response.data
    },
    sha256: async () => {
      const response = await ask({ kind: 'sha256', id: nextId++ })
      if (response.kind === 'failed') throw new Error(response.message)
      if (response.kind !== 'sha256') throw new Error('the hashing worker answered out of turn')
      return response.sha256
    },
    close: () => {
      closed ??= new Error('the file is no longer read')
      worker?.terminate()
      worker = null
      failAll(closed)
    },
  }
}
