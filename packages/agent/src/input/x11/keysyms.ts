/**
 * X keysyms for what the browser reports in `KeyboardEvent.key`: named keys (each with the
 * keysyms that count as the same key, preferred first) and characters (Latin-1 keysyms equal
 * the code point; every other character has the Unicode keysym 0x1000000 + code point).
 */

/** F1 … F24 (XK_F1 = 0xffbe). */
const FUNCTION_KEYS = Object.fromEntries(
  Array.from({ length: 24 }, (_, index) => [`F${index + 1}`, [0xffbe + index]]),
)

const NAMED: Readonly<Record<string, readonly number[] | undefined>> = {
  ...FUNCTION_KEYS,
  Enter: [0xff0d, 0xff8d],
  Tab: [0xff09, 0xfe20],
  Backspace: [0xff08],
  Escape: [0xff1b],
  Delete: [0xffff, 0xff9f],
  Insert: [0xff63, 0xff9e],
  Home: [0xff50, 0xff95],
  End: [0xff57, 0xff9c],
  PageUp: [0xff55, 0xff9a],
  PageDown: [0xff56, 0xff9b],
  ArrowLeft: [0xff51, 0xff96],
  ArrowUp: [0xff52, 0xff97],
  ArrowRight: [0xff53, 0xff98],
  ArrowDown: [0xff54, 0xff99],
  Shift: [0xffe1, 0xffe2],
  Control: [0xffe3, 0xffe4],
  Alt: [0xffe9, 0xffea, 0xffe7, 0xffe8],
  AltGraph: [0xfe03, 0xff7e],
  Meta: [0xffeb, 0xffec, 0xffe7, 0xffe8],
  OS: [0xffeb, 0xffec],
  CapsLock: [0xffe5],
  NumLock: [0xff7f],
  ScrollLock: [0xff14],
  Pause: [0xff13],
  PrintScreen: [0xff61],
  ContextMenu: [0xff67],
  // Japanese input keys (the JIS keyboard's 半角/全角, 変換, 無変換, かな, 英数).
  Zenkaku: [0xff2a, 0xff28],
  Hankaku: [0xff2a, 0xff29],
  ZenkakuHankaku: [0xff2a],
  Convert: [0xff23],
  NonConvert: [0xff22],
  KanaMode: [0xff27, 0xff2d],
  Hiragana: [0xff25, 0xff27],
  Katakana: [0xff26, 0xff27],
  HiraganaKatakana: [0xff27],
  Romaji: [0xff24],
  Alphanumeric: [0xff30],
  Eisu: [0xff30],
  HangulMode: [0xff31],
  HanjaMode: [0xff34],
}

/** Control characters a `key` may carry as text, and their keysyms. */
const CONTROL_CHARACTERS: Readonly<Record<string, number>> = {
  '\n': 0xff0d,
  '\r': 0xff0d,
  '\t': 0xff09,
  '\b': 0xff08,
}

/** Keysyms for a named `key` (`Enter`, `Shift`, `Convert` …); empty when the name is unknown. */
export function namedKeysyms(key: string): readonly number[] {
  return NAMED[key] ?? []
}

/** True when `key` is one character rather than a key name like `Enter` or `Dead`. */
export function isCharacter(key: string): boolean {
  const codePoint = key.codePointAt(0)
  return codePoint !== undefined && String.fromCodePoint(codePoint) === key
}

/** The keysym of one character. */
export function characterKeysym(character: string): number {
  const control = CONTROL_CHARACTERS[character]
  if (control !== undefined) return control
  const codePoint = character.codePointAt(0) ?? 0
  const isLatin1 =
    (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff)
  return isLatin1 ? codePoint : 0x1000000 + codePoint
}
