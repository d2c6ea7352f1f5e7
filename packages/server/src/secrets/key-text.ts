/**
 * How a data-encryption key is written in configuration: 32 bytes as base64 (standard or
 * URL-safe, with or without padding) or as 64 hex digits. `openssl rand -base64 32` makes one.
 */
import { DATA_KEY_BYTES } from './data-keys.js'

const HEX_KEY = /^[0-9a-fA-F]{64}$/
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}={0,1}$/

/** The key's bytes, or null when the text is not a 32-byte key in base64 or hex. */
export function decodeKeyText(text: string): Buffer | null {
  const trimmed = text.trim()
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex')
  if (!BASE64_KEY.test(trimmed)) return null
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
  return bytes.length === DATA_KEY_BYTES ? bytes : null
}

export const KEY_TEXT_HINT =
  'must be 32 random bytes written as base64 (44 characters) or as 64 hex digits; ' +
  'generate one with `openssl rand -base64 32`'
