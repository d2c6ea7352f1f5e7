/**
 * The 8-digit support-session number a customer types in (entry page, agent prompt, mail
 * link). Used by the server, the entry page and the agent alike, so all three accept the
 * same input (see SPEC.md S-rules).
 * @module
 */

/** How many digits a session code has. */
export const SESSION_CODE_LENGTH = 8

/** Longer input is refused before it is examined (pasting a whole e-mail, say). */
export const SESSION_CODE_MAX_INPUT_LENGTH = 64

/** Why typed input is not a session code. */
export const SessionCodeProblem = {
  /** Nothing but separators (or nothing at all) was typed. */
  Empty: 'empty',
  /** Something other than digits and separators was typed. */
  InvalidCharacters: 'invalid-characters',
  /** Not exactly {@link SESSION_CODE_LENGTH} digits, or input past the length cap. */
  WrongLength: 'wrong-length',
} as const
/** A value of {@link SessionCodeProblem}. */
export type SessionCodeProblem = (typeof SessionCodeProblem)[keyof typeof SessionCodeProblem]

/** The outcome of {@link normaliseSessionCode}: the canonical code, or why there is none. */
export type SessionCodeResult =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly reason: SessionCodeProblem }

// What people type between digit groups, including what a Japanese IME produces for '-'
// and ' ' (full-width space and hyphen, the katakana long vowel mark, dashes, minus sign).
const SEPARATORS = new Set([
  ' ',
  '\t',
  '\u00a0', // no-break space, from codes copied out of HTML mail
  '\u3000', // ideographic (full-width) space
  '-',
  '\u2010', // hyphen
  '\u2011', // non-breaking hyphen
  '\u2012', // figure dash
  '\u2013', // en dash
  '\u2014', // em dash
  '\u2015', // horizontal bar
  '\u2212', // minus sign
  '\u30fc', // katakana-hiragana prolonged sound mark 'ー'
  '\uff0d', // full-width hyphen-minus '－'
  '\uff70', // half-width prolonged sound mark 'ｰ'
])

const FULL_WIDTH_ZERO = 0xff10
const FULL_WIDTH_NINE = 0xff19

/**
 * Turns what a customer typed into the canonical code (8 ASCII digits). Separators are
 * dropped and full-width digits become ASCII; anything else is refused. Never throws.
 */
export function normaliseSessionCode(input: string): SessionCodeResult {
  if (input.length > SESSION_CODE_MAX_INPUT_LENGTH) {
    return { ok: false, reason: SessionCodeProblem.WrongLength }
  }
  let digits = ''
  for (const char of input) {
    const point = char.codePointAt(0) ?? 0
    if (char >= '0' && char <= '9') {
      digits += char
    } else if (point >= FULL_WIDTH_ZERO && point <= FULL_WIDTH_NINE) {
      digits += String.fromCharCode(point - FULL_WIDTH_ZERO + 0x30)
    } else if (!SEPARATORS.has(char)) {
      return { ok: false, reason: SessionCodeProblem.InvalidCharacters }
    }
  }
  if (digits.length === 0) return { ok: false, reason: SessionCodeProblem.Empty }
  if (digits.length !== SESSION_CODE_LENGTH) {
    return { ok: false, reason: SessionCodeProblem.WrongLength }
  }
  return { ok: true, code: digits }
}

const CANONICAL = /^[0-9]{8}$/

/** Whether a value is already a canonical code (8 ASCII digits, nothing else). */
export function isSessionCode(value: unknown): value is string {
  return typeof value === 'string' && CANONICAL.test(value)
}

/**
 * Formats a canonical code for display in two groups: `'12345678'` → `'1234 5678'`.
 * Anything that is not a canonical code is returned unchanged.
 */
export function formatSessionCode(code: string): string {
  return isSessionCode(code) ? `${code.slice(0, 4)} ${code.slice(4)}` : code
}
