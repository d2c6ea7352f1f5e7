/** The one shape every screen-update decoder has, and the browser decode they share. */

/** Turns the image bytes of a screen update into a bitmap ready to draw. */
export type Decoder = (bytes: Uint8Array) => Promise<ImageBitmap>

/**
 * Decodes through the browser's native image decoder, off the main thread where the browser
 * can: the bytes go in a Blob as they are, never through base64 text (DESIGN.md lesson 7).
 */
export function decodeImage(bytes: Uint8Array, type: string): Promise<ImageBitmap> {
  return createImageBitmap(new Blob([asBlobPart(bytes)], { type }))
}

// A Blob copies only the view's own range; a view on a SharedArrayBuffer must be copied first.
function asBlobPart(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes)
}
