/**
 * Physical key positions: browser `KeyboardEvent.code` → Linux evdev scan code. Servers with
 * evdev keycodes (Xorg, Xvfb, Xwayland) use keycode = scan code + 8, so this is the key the
 * operator pressed, whatever layout either side has. Includes the Japanese keys: 半角/全角 is
 * `Backquote` on a JIS keyboard, 変換 `Convert`, 無変換 `NonConvert`, かな `KanaMode`.
 */
const SCAN_CODES: Readonly<Record<string, number>> = {
  Escape: 1,
  Minus: 12,
  Equal: 13,
  Backspace: 14,
  Tab: 15,
  BracketLeft: 26,
  BracketRight: 27,
  Enter: 28,
  ControlLeft: 29,
  Semicolon: 39,
  Quote: 40,
  Backquote: 41,
  ShiftLeft: 42,
  Backslash: 43,
  Comma: 51,
  Period: 52,
  Slash: 53,
  ShiftRight: 54,
  NumpadMultiply: 55,
  AltLeft: 56,
  Space: 57,
  CapsLock: 58,
  NumLock: 69,
  ScrollLock: 70,
  Numpad7: 71,
  Numpad8: 72,
  Numpad9: 73,
  NumpadSubtract: 74,
  Numpad4: 75,
  Numpad5: 76,
  Numpad6: 77,
  NumpadAdd: 78,
  Numpad1: 79,
  Numpad2: 80,
  Numpad3: 81,
  Numpad0: 82,
  NumpadDecimal: 83,
  Lang5: 85,
  IntlBackslash: 86,
  F11: 87,
  F12: 88,
  IntlRo: 89,
  Lang3: 90,
  Lang4: 91,
  Convert: 92,
  KanaMode: 93,
  NonConvert: 94,
  NumpadEnter: 96,
  ControlRight: 97,
  NumpadDivide: 98,
  PrintScreen: 99,
  AltRight: 100,
  Home: 102,
  ArrowUp: 103,
  PageUp: 104,
  ArrowLeft: 105,
  ArrowRight: 106,
  End: 107,
  ArrowDown: 108,
  PageDown: 109,
  Insert: 110,
  Delete: 111,
  NumpadEqual: 117,
  Pause: 119,
  NumpadComma: 121,
  Lang1: 122,
  Lang2: 123,
  IntlYen: 124,
  MetaLeft: 125,
  MetaRight: 126,
  ContextMenu: 127,
}

/** Letter rows of the keyboard and the scan code of each row's first key. */
const LETTER_ROWS: readonly (readonly [string, number])[] = [
  ['QWERTYUIOP', 16],
  ['ASDFGHJKL', 30],
  ['ZXCVBNM', 44],
]

/** The evdev scan code of a `KeyboardEvent.code`, or null for a code with no known position. */
export function scanCodeOf(code: string): number | null {
  const known = SCAN_CODES[code]
  if (known !== undefined) return known
  const letter = /^Key([A-Z])$/.exec(code)?.[1]
  if (letter !== undefined) {
    for (const [letters, first] of LETTER_ROWS) {
      const index = letters.indexOf(letter)
      if (index >= 0) return first + index
    }
  }
  const digit = /^Digit([0-9])$/.exec(code)?.[1]
  if (digit !== undefined) return digit === '0' ? 11 : 1 + Number(digit)
  const functionKey = /^F([0-9]{1,2})$/.exec(code)?.[1]
  if (functionKey !== undefined) {
    const n = Number(functionKey)
    if (n >= 1 && n <= 10) return 58 + n
    if (n >= 13 && n <= 24) return 170 + n
  }
  return null
}
