/**
 * The SHA-256 of a file that arrives in parts (SPEC.md T4): each part, a Blob, is appended in
 * order; `sha256` answers for all of them. A file whose first part is big is hashed in a module
 * worker (`append-hash-worker.ts`) while it arrives, so the page that paints the screen only
 * gathers the parts; small files, and browsers (or tests) without workers, are hashed on this
 * thread.
 */
import type { AppendHashRequest, AppendHashResponse } from './hash-worker-messages'
import { Sha256 } from './sha256'
import { WORKER_MIN_BYTES } from './worker-source'

export interface AppendingHash {
  /** Adds the next part; throws once `sha256` was asked. */
  append(part: Blob): void
  /** The SHA-256 (hex) of every part appended: the end of the file (asking again answers the same). */
  sha256(): Promise<string>
  /** Frees what it holds (a worker); a pending `sha256` fails. */
  close(): void
}

/** An appending hash that picks, at the first part, where to hash: a worker or this thread. */
export function appendingHash(): AppendingHash {
  let engine: AppendingHash | null = null
  let closed = false
  let digest: Promise<string> | null = null
  const chosen = (first: Blob): AppendingHash => {
    engine ??=
      first.size >= WORKER_MIN_BYTES && typeof Worker !== 'undefined' ? workerHash() : threadHash()
    return engine
  }
  return {
    append: (part) => {
      if (digest !== null) throw new Error('the hash is finished: no part can follow')
      if (!closed) chosen(part).append(part)
    },
    sha256: () => {
      if (closed) return Promise.reject(new Error('the hash was closed'))
      digest ??= (engine ?? chosen(new Blob())).sha256()
      return digest
    },
    close: () => {
      closed = true
      engine?.close()
    },
  }
}

/** Hashes on this thread, part after part. */
function threadHash(): AppendingHash {
  const hash = new Sha256()
  let tail: Promise<void> = Promise.resolve()
  let isClosed = false
  return {
    append: (part) => {
      tail = tail.then(async () => {
        const bytes = new Uint8Array(await part.arrayBuffer())
        if (!isClosed) hash.update(bytes)
      })
    },
    sha256: () =>
      tail.then(() => {
        if (isClosed) throw new Error('the hash was closed')
        return hash.digestHex()
      }),
    close: () => {
      isClosed = true
    },
  }
}

/** Hashes in the appending worker; `sha256` is asked once (appendingHash keeps the answer). */
function workerHash(): AppendingHash {
  const worker = new Worker(new URL('./append-hash-worker.ts', import.meta.url), {
    type: 'module',
  })
  let waiting: { resolve(sha256: string): void; reject(error: Error): void } | null = null
  let closed: Error | null = null
  const fail = (error: Error): void => {
    closed ??= error
    waiting?.reject(closed)
    waiting = null
  }
  worker.onmessage = (event: MessageEvent<AppendHashResponse>) => {
    const response = event.data
    if (response.kind === 'sha256') waiting?.resolve(response.sha256)
    else waiting?.reject(new Error(response.message))
    waiting = null
  }
  worker.onerror = (event) => {
    event.preventDefault()
    fail(new Error(`the file could not be hashed: ${event.message}`))
  }
  const post = (request: AppendHashRequest): void => {
    worker.postMessage(request)
  }
  return {
    append: (part) => {
      if (closed === null) post({ kind: 'append', blob: part })
    },
    sha256: () => {
      if (closed !== null) return Promise.reject(closed)
      return new Promise<string>((resolve, reject) => {
        waiting = { resolve, reject }
        post({ kind: 'sha256' })
      })
    },
    close: () => {
      worker.terminate()
      fail(new Error('the hash was closed'))
    },
  }
}
