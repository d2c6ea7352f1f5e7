/**
 * Which DOM key events reach the agent, and as what. Both `code` (the physical key) and
 * `key` (the character) are sent (DESIGN.md lesson 8); the agent picks by layout.
 */
import type { KeyEventMessage } from './messages'

/** A key as the viewer sends it. */
export interface RemoteKey {
  readonly code: string
  readonly key: string
}

/**
 * The Japanese input keys, by `code`, with the `key` the agent gets when the browser reports
 * only `Process` or `Unidentified` (as Chromium does while a local IME is on).
 */
export const JAPANESE_KEYS: Readonly<Record<string, string>> = {
  Convert: 'Convert', // 変換
  NonConvert: 'NonConvert', // 無変換
  KanaMode: 'KanaMode', // かな (ひらがな/カタカナ)
  Lang1: 'KanaMode', // かな on Apple JIS keyboards
  Lang2: 'Eisu', // 英数 on Apple JIS keyboards
  Backquote: 'ZenkakuHankaku', // 半角/全角 sits where US keyboards have `
}

/** Keys a JIS keyboard reports for 半角/全角; the agent gets one name for all of them. */
const ZENKAKU_HANKAKU_KEYS = new Set(['Zenkaku', 'Hankaku', 'ZenkakuHankaku'])
const IME_PLACEHOLDER_KEYS = new Set(['Process', 'Unidentified'])

const MAX_FIELD_LENGTH = 32
const CODE_PATTERN = /^[A-Za-z0-9]*$/

/**
 * The key to send for a DOM key event, or `null` when the local IME owns it: every keydown
 * while composing, and `Process` keydowns other than the Japanese input keys.
 */
export function toRemoteKey(event: {
  code: string
  key: string
  isComposing: boolean
}): RemoteKey | null {
  if (event.isComposing) return null
  const code =
    CODE_PATTERN.test(event.code) && event.code.length <= MAX_FIELD_LENGTH ? event.code : ''
  const japaneseKey = JAPANESE_KEYS[code]
  if (japaneseKey !== undefined) {
    if (IME_PLACEHOLDER_KEYS.has(event.key) || ZENKAKU_HANKAKU_KEYS.has(event.key)) {
      return { code, key: japaneseKey }
    }
  } else if (event.key === 'Process') {
    return null
  }
  return { code, key: sanitiseKey(event.key) }
}

/** Committed IME text as key events: each character pressed and released, no physical key. */
export function textToKeyEvents(text: string): KeyEventMessage[] {
  const events: KeyEventMessage[] = []
  for (const character of text) {
    events.push({ type: 'key-event', code: '', key: character, isDown: true })
    events.push({ type: 'key-event', code: '', key: character, isDown: false })
  }
  return events
}

function sanitiseKey(key: string): string {
  return key.length === 0 || key.length > MAX_FIELD_LENGTH ? 'Unidentified' : key
}
