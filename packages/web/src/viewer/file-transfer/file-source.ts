/** Where the bytes of a file the operator sends come from. */

/** The file to send: its size and its bytes by range (a browser `Blob` in the console). */
export interface FileSource {
  readonly size: number
  read(offset: number, length: number): Promise<Uint8Array>
}

/** A `Blob` (or `File`) as a {@link FileSource}. */
export function blobSource(blob: Blob): FileSource {
  return {
    size: blob.size,
    read: async (offset, length) =>
      new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
  }
}
