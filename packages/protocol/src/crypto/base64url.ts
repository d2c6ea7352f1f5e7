/** Unpadded base64url (RFC 4648 §5), strict: how handshake keys and nonces travel in JSON. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const VALUES = new Map(
  Array.from({ length: ALPHABET.length }, (_, index) => [ALPHABET.charAt(index), index]),
)

/** Encodes bytes as unpadded base64url. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let text = ''
  for (let index = 0; index < bytes.byteLength; index += 3) {
    const chunk =
      ((bytes[index] ?? 0) << 16) | ((bytes[index + 1] ?? 0) << 8) | (bytes[index + 2] ?? 0)
    const count = Math.min(3, bytes.byteLength - index) + 1
    for (let position = 0; position < count; position += 1) {
      text += ALPHABET.charAt((chunk >> (18 - 6 * position)) & 0x3f)
    }
  }
  return text
}

/**
 * Decodes unpadded base64url. Returns `undefined` for anything not in canonical form
 * (wrong characters, padding, impossible length, non-zero trailing bits), so one byte
 * string has exactly one encoding.
 */
export function decodeBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 === 1) return undefined
  const bytes = new Uint8Array(Math.floor((text.length * 3) / 4))
  let buffer = 0
  let bits = 0
  let offset = 0
  for (const char of text) {
    const value = VALUES.get(char)
    if (value === undefined) return undefined
    buffer = ((buffer << 6) | value) & 0xffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      bytes[offset] = (buffer >> bits) & 0xff
      offset += 1
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return undefined
  return bytes
}
