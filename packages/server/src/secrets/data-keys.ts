/**
 * The keys that protect stored data (DESIGN.md "Security model"): each purpose has a key of
 * its own, so e-mail addresses, their look-up index, chat transcripts and TOTP secrets never
 * share one. Each key is 32 random bytes.
 */
export interface DataKeys {
  /** AES-256-GCM for e-mail addresses. */
  readonly email: Uint8Array
  /** HMAC-SHA-256 blind index of e-mail addresses (look-up without decrypting). */
  readonly emailIndex: Uint8Array
  /** AES-256-GCM for chat transcripts. */
  readonly chat: Uint8Array
  /** AES-256-GCM for operators' TOTP secrets. */
  readonly totp: Uint8Array
}

export const DATA_KEY_NAMES = [
  'email',
  'emailIndex',
  'chat',
  'totp',
] as const satisfies readonly (keyof DataKeys)[]
export const DATA_KEY_BYTES = 32
