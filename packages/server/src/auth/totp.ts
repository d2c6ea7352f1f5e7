/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA-1, 30-second steps,
 * 6 digits, as every authenticator app expects. Secrets are 20 random bytes, shown as base32.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOTP_STEP_SECONDS = 30
export const TOTP_DIGITS = 6
export const TOTP_SECRET_BYTES = 20
/** Steps accepted either side of now, for clocks that drift a little. */
export const TOTP_ALLOWED_DRIFT_STEPS = 1

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32_ALPHABET.charAt((value >>> (bits - 5)) & 31)
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32_ALPHABET.charAt((value << (5 - bits)) & 31)
  return out
}

/** Decodes base32 (case-insensitive, spaces and padding ignored); null when not base32. */
export function base32Decode(text: string): Uint8Array | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char)
    if (index < 0) return null
    value = ((value << 5) | index) & 0xffff
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Uint8Array.from(out)
}

export function generateTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES))
}

export function totpStepAt(unixMs: number): number {
  return Math.floor(unixMs / 1000 / TOTP_STEP_SECONDS)
}

/** HOTP (RFC 4226) of one counter value, as a zero-padded decimal string. */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac('sha1', key).update(message).digest()
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

export function totpAt(key: Uint8Array, unixMs: number, digits = TOTP_DIGITS): string {
  return hotp(key, totpStepAt(unixMs), digits)
}

/**
 * The step a code belongs to, if it is valid now (±drift) and newer than `lastUsedStep`
 * (a code is accepted once); null otherwise.
 */
export function matchTotp(
  secretBase32: string,
  code: string,
  unixMs: number,
  lastUsedStep: number,
): number | null {
  const key = base32Decode(secretBase32)
  if (key === null || !/^\d{6}$/.test(code)) return null
  const now = totpStepAt(unixMs)
  const given = Buffer.from(code)
  let matched: number | null = null
  for (let step = now - TOTP_ALLOWED_DRIFT_STEPS; step <= now + TOTP_ALLOWED_DRIFT_STEPS; step++) {
    // Compare every candidate so the time taken does not depend on which one matched.
    if (timingSafeEqual(Buffer.from(hotp(key, step)), given) && step > lastUsedStep) {
      matched ??= step
    }
  }
  return matched
}

/** The URL authenticator apps read from a QR code (Key Uri Format). */
export function otpauthUrl(accountEmail: string, secretBase32: string): string {
  const label = `tasuke:${encodeURIComponent(accountEmail).replace('%40', '@')}`
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=tasuke`
}
