/**
 * Reading the properties that name and identify an X11 window (ICCCM and EWMH): `WM_CLASS`,
 * `_NET_WM_NAME`/`WM_NAME`, `_NET_WM_PID`, `WM_TRANSIENT_FOR`. Pure: property replies in, values
 * out; anything malformed gives the empty value, never an exception.
 * @module
 */

/** A property as the server returned it (`type` 0: the window has no such property). */
export interface PropertyValue {
  readonly type: number
  readonly format: number
  readonly data: Buffer
}

/** Titles longer than this are cut: they are shown in a list, not read. */
export const MAX_TITLE_LENGTH = 200

/** `WM_CLASS`: two NUL-terminated Latin-1 strings, instance then class. */
export function parseWmClass(value: PropertyValue): { instance: string; className: string } {
  if (value.type === 0 || value.format !== 8) return { instance: '', className: '' }
  const [instance = '', className = ''] = value.data.toString('latin1').split('\u0000')
  return { instance: cleanText(instance), className: cleanText(className) }
}

/** A text property: UTF-8 when its type is `utf8Atom`, else Latin-1 (STRING). */
export function parseText(value: PropertyValue, utf8Atom: number): string {
  if (value.type === 0 || value.format !== 8) return ''
  const text =
    value.type === utf8Atom
      ? new TextDecoder('utf-8', { fatal: false }).decode(value.data)
      : value.data.toString('latin1')
  return cleanText(text)
}

/** The first 32-bit value of a CARDINAL or WINDOW property, or `null`. */
export function parseFirstLong(value: PropertyValue): number | null {
  if (value.type === 0 || value.format !== 32 || value.data.length < 4) return null
  const number = value.data.readUInt32LE(0)
  return number === 0 ? null : number
}

/** Control characters out, whitespace collapsed, cut to MAX_TITLE_LENGTH code points. */
function cleanText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ')
  const trimmed = plain.trim()
  // Cut by code point, never inside a surrogate pair.
  return Array.from(trimmed).slice(0, MAX_TITLE_LENGTH).join('')
}
