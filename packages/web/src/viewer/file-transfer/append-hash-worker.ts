/**
 * The worker that hashes a file fetched from the customer while it arrives, off the page's
 * main thread: the page hands it each part (a Blob of up to 8 MiB) in order, and asks for the
 * SHA-256 of all of them once the last has come. See `appending-hash.ts` for the page's side.
 */
import type { AppendHashRequest, AppendHashResponse } from './hash-worker-messages'
import { Sha256 } from './sha256'

interface WorkerScope {
  onmessage: ((event: MessageEvent<AppendHashRequest>) => void) | null
  postMessage(message: AppendHashResponse): void
}

const scope = self as unknown as WorkerScope
const hash = new Sha256()
/** The parts are read one after the other, so the hash sees the bytes in order. */
let tail: Promise<void> = Promise.resolve()
let failure: string | null = null

scope.onmessage = (event) => {
  const request = event.data
  if (request.kind === 'append') {
    const { blob } = request
    tail = tail.then(async () => {
      if (failure !== null) return
      try {
        hash.update(new Uint8Array(await blob.arrayBuffer()))
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error)
      }
    })
    return
  }
  tail = tail.then(() => {
    scope.postMessage(
      failure === null
        ? { kind: 'sha256', sha256: hash.digestHex() }
        : { kind: 'failed', message: failure },
    )
  })
}
