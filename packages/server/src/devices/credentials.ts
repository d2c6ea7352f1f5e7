/**
 * The secrets of installed agents: enrolment tokens (`tse_` + 32 random bytes, base64url) and
 * device secrets (`tsd_` + 32 random bytes). Both carry 256 bits of entropy, so a plain
 * SHA-256 is what is stored (no slow hash needed), and comparisons are constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const ENROLMENT_TOKEN_PREFIX = 'tse_'
export const DEVICE_SECRET_PREFIX = 'tsd_'
const SECRET_BYTES = 32

export const ENROLMENT_TOKEN_PATTERN = '^tse_[A-Za-z0-9_-]{43}$'
const ENROLMENT_TOKEN_REGEX = new RegExp(ENROLMENT_TOKEN_PATTERN)
const DEVICE_AUTHORIZATION =
  /^Device ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(tsd_[A-Za-z0-9_-]{43})$/

export function newEnrolmentToken(): string {
  return ENROLMENT_TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString('base64url')
}

export function newDeviceSecret(): string {
  return DEVICE_SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64url')
}

export function isEnrolmentTokenShape(token: string): boolean {
  return ENROLMENT_TOKEN_REGEX.test(token)
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

export interface DeviceCredential {
  readonly deviceId: string
  readonly secret: string
}

/** `Authorization: Device <deviceId>.<secret>`, or null for any other shape. */
export function parseDeviceAuthorization(header: string | undefined): DeviceCredential | null {
  if (header === undefined || header.length > 200) return null
  const match = DEVICE_AUTHORIZATION.exec(header)
  if (match?.[1] === undefined || match[2] === undefined) return null
  return { deviceId: match[1], secret: match[2] }
}

/** Does `secret` hash to `storedHash`? Constant-time in the secret's content. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex')
  const expected = Buffer.from(storedHash, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
