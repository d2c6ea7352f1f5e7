/**
 * Clipboard text between the X11 wire and the protocol, pure: decoding what an owner sent,
 * encoding what we answer, and the size rule of SPEC.md P9.
 */
import { CLIPBOARD_TEXT_MAX_LENGTH } from '@tasuke/protocol'

/**
 * The most bytes a text of `CLIPBOARD_TEXT_MAX_LENGTH` characters (UTF-16 units) takes in
 * UTF-8: three per unit (a four-byte character is two units). Anything longer is refused unread.
 */
export const CLIPBOARD_MAX_BYTES = CLIPBOARD_TEXT_MAX_LENGTH * 3

/** The text encodings an owner may answer with that we read. */
export type SelectionEncoding = 'UTF8_STRING' | 'STRING'

/** What became of a selection's bytes. */
export type DecodedText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'too-long' | 'empty' }

/**
 * Decodes a selection's bytes (UTF8_STRING as UTF-8, STRING as ISO Latin-1, ICCCM) and applies
 * the size rule. Malformed UTF-8 becomes U+FFFD rather than failing the whole text.
 */
export function decodeSelectionText(encoding: SelectionEncoding, bytes: Uint8Array): DecodedText {
  if (bytes.length > CLIPBOARD_MAX_BYTES) return { ok: false, reason: 'too-long' }
  const text =
    encoding === 'UTF8_STRING'
      ? new TextDecoder('utf-8').decode(bytes)
      : // Node's latin1 is ISO 8859-1; the WHATWG `latin1` label would mean windows-1252.
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  return checkClipboardText(text)
}

/** Whether `text` may travel as `clipboard-text` (SPEC.md P9); empty text is not worth a message. */
export function checkClipboardText(text: string): DecodedText {
  if (text.length === 0) return { ok: false, reason: 'empty' }
  if (text.length > CLIPBOARD_TEXT_MAX_LENGTH) return { ok: false, reason: 'too-long' }
  return { ok: true, text }
}

/** `text` as UTF-8 bytes. */
export function encodeUtf8(text: string): Buffer {
  return Buffer.from(text, 'utf8')
}

/**
 * `text` as ISO Latin-1 for the STRING target, for programs that know nothing newer: every
 * character outside Latin-1 becomes `?` (one per character, not per UTF-16 unit).
 */
export function encodeLatin1(text: string): Buffer {
  const codes: number[] = []
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0x3f
    codes.push(code <= 0xff ? code : 0x3f)
  }
  return Buffer.from(codes)
}
