import { type Decoder, decodeImage } from './decoder'

/** Decodes a WEBP screen update. */
export const decodeWebp: Decoder = (bytes) => decodeImage(bytes, 'image/webp')
