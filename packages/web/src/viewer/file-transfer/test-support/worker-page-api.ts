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
  /**
   * Makes random parts of these sizes and hashes them through `appendingHash`, as a file
   * fetched from the customer arrives. Answers its hash, WebCrypto's hash of all the parts,
   * and whether the appending worker served.
   */
  appendAndHash(
    sizes: readonly number[],
  ): Promise<{ sha256: string; expected: string; usedWorker: boolean }>
  /** An appending hash closed while a part is hashed: the error message of its `sha256`. */
  appendThenClose(size: number): Promise<string>
}

declare global {
  interface Window {
    workerTest: WorkerTestApi
  }
}
