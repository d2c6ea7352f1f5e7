/** The one shape every screen-update decoder has, and the browser decode they share. */

/** The region a screen update declares, in remote pixels. */
export interface RegionSize {
  readonly width: number
  readonly height: number
}

/**
 * Turns the image bytes of a screen update into a bitmap ready to draw. `size` is the region
 * the update declares: image formats carry their own size and may ignore it; raw pixel
 * encodings (zlib) need it.
 */
export type Decoder = (bytes: Uint8Array, size: RegionSize) => Promise<ImageBitmap>

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
