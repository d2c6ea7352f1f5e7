/** What the hashing-worker test page exposes to the browser test as `window.workerTest`. */

export interface WorkerTestApi {
  /**
   * Makes `size` random bytes, reads them through `hashedBlobSource` in the order of `reads`
   * (offset, length), then asks its SHA-256. Answers the source's hash, WebCrypto's hash of
   * the same bytes, whether every read returned the right bytes, and whether a worker served.
   */
  readAndHash(
    size: number,
    reads: readonly (readonly [number, number])[],
  ): Promise<{ sha256: string; expected: string; isEveryReadRight: boolean; usedWorker: boolean }>
  /** A source closed before reading: the read's error message. */
  readAfterClose(size: number): Promise<string>
}

declare global {
  interface Window {
    workerTest: WorkerTestApi
  }
}
