/**
 * The short code both people read aloud to prove nobody sits in the middle (SPEC.md H6):
 * six decimal digits from HKDF over the shared secret, salted with the transcript hash,
 * under a label of its own.
 * @module
 */
import { utf8 } from '../bytes.js'

/** Digits in a verification code. */
export const VERIFICATION_CODE_DIGITS = 6

/** The HKDF `info` label of the verification code. */
export const VERIFICATION_CODE_INFO = 'tasuke/e2e/v1/verification-code'

// 40 bits reduced modulo 10^6: the bias is below 10^-6, and 2^40 is well within the
// integers a double holds exactly.
const DERIVED_BITS = 40

/** Derives the code from the handshake's HKDF key (shared secret) and transcript hash. */
export async function deriveVerificationCode(
  secret: CryptoKey,
  transcriptHash: Uint8Array<ArrayBuffer>,
): Promise<string> {
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: transcriptHash, info: utf8(VERIFICATION_CODE_INFO) },
    secret,
    DERIVED_BITS,
  )
  const bytes = new Uint8Array(bits)
  let value = 0
  for (const byte of bytes) value = value * 256 + byte
  return String(value % 10 ** VERIFICATION_CODE_DIGITS).padStart(VERIFICATION_CODE_DIGITS, '0')
}

/** Formats a code for display in two groups: `'123456'` → `'123 456'`. */
export function formatVerificationCode(code: string): string {
  return code.length === VERIFICATION_CODE_DIGITS ? `${code.slice(0, 3)} ${code.slice(3)}` : code
}
