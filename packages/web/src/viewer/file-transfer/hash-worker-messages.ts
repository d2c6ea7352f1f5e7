/** What the page and the hashing worker (`hash-worker.ts`) tell each other. */

/** Page → worker: the file (once, first), then numbered requests. */
export type HashRequest =
  | { readonly kind: 'open'; readonly blob: Blob }
  | { readonly kind: 'read'; readonly id: number; readonly offset: number; readonly length: number }
  | { readonly kind: 'sha256'; readonly id: number }

/** Worker → page: the answer to request `id`. */
export type HashResponse =
  | { readonly kind: 'bytes'; readonly id: number; readonly data: Uint8Array<ArrayBuffer> }
  | { readonly kind: 'sha256'; readonly id: number; readonly sha256: string }
  | { readonly kind: 'failed'; readonly id: number; readonly message: string }

/**
 * Page → appending worker (`append-hash-worker.ts`): the parts of a file as they arrive, in
 * order, then the one request for the SHA-256 of all of them.
 */
export type AppendHashRequest =
  { readonly kind: 'append'; readonly blob: Blob } | { readonly kind: 'sha256' }

/** Appending worker → page: the answer to that request. */
export type AppendHashResponse =
  | { readonly kind: 'sha256'; readonly sha256: string }
  | { readonly kind: 'failed'; readonly message: string }
