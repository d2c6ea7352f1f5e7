import { type Decoder, decodeImage } from './decoder'

/** Decodes a PNG screen update. */
export const decodePng: Decoder = (bytes) => decodeImage(bytes, 'image/png')
