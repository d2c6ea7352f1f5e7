/**
 * Turns what a customer typed into the canonical 8-digit session number. Same behaviour and
 * reasons as `normaliseSessionCode` in the protocol package, which will replace this module:
 * spaces and hyphens (including the full-width and IME forms 'ー' and '－') are dropped,
 * full-width digits become ASCII, anything else is refused. Never throws.
 */
export const SESSION_CODE_LENGTH = 8

/** Longer input is refused before it is examined (a whole pasted e-mail, say). */
export const SESSION_CODE_MAX_INPUT_LENGTH = 64

export const CodeInputProblem = {
  Empty: 'empty',
  InvalidCharacters: 'invalid-characters',
  WrongLength: 'wrong-length',
} as const
export type CodeInputProblem = (typeof CodeInputProblem)[keyof typeof CodeInputProblem]

export type CodeInputResult =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly reason: CodeInputProblem }

const SEPARATORS = new Set([
  ' ',
  '\t',
  '\u00a0', // no-break space (codes copied out of HTML mail)
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

export function normaliseCodeInput(input: string): CodeInputResult {
  if (input.length > SESSION_CODE_MAX_INPUT_LENGTH) {
    return { ok: false, reason: CodeInputProblem.WrongLength }
  }
  let digits = ''
  for (const char of input) {
    const point = char.codePointAt(0) ?? 0
    if (char >= '0' && char <= '9') {
      digits += char
    } else if (point >= FULL_WIDTH_ZERO && point <= FULL_WIDTH_NINE) {
      digits += String.fromCharCode(point - FULL_WIDTH_ZERO + 0x30)
    } else if (!SEPARATORS.has(char)) {
      return { ok: false, reason: CodeInputProblem.InvalidCharacters }
    }
  }
  if (digits.length === 0) return { ok: false, reason: CodeInputProblem.Empty }
  if (digits.length !== SESSION_CODE_LENGTH) {
    return { ok: false, reason: CodeInputProblem.WrongLength }
  }
  return { ok: true, code: digits }
}

/** What the customer is told for each problem (the UI translates by error code). */
export function describeCodeInputProblem(reason: CodeInputProblem): string {
  switch (reason) {
    case 'empty':
      return 'Please type the 8-digit session number you were given.'
    case 'invalid-characters':
      return 'A session number contains only digits. Please check what you typed.'
    case 'wrong-length':
      return 'A session number has exactly 8 digits. Please check what you typed.'
  }
}
