import { type Decoder, decodeImage } from './decoder'

/** Decodes a JPEG screen update. */
export const decodeJpeg: Decoder = (bytes) => decodeImage(bytes, 'image/jpeg')
