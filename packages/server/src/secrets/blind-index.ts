import { createHmac } from 'node:crypto'

/**
 * A keyed, deterministic index of a value so it can be looked up (and kept unique) without
 * storing it in clear: HMAC-SHA-256 under a key used for nothing else, hex encoded.
 */
export function blindIndex(key: Uint8Array, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex')
}

/** E-mail addresses are matched case-insensitively and without surrounding spaces. */
export function normaliseEmail(address: string): string {
  return address.trim().toLowerCase()
}
