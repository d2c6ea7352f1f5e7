/** The bounds SPEC.md P5 sets on a `system-info` answer, and the helpers that keep to them. */

/** The most characters any text of the answer has. */
export const TEXT_MAX_LENGTH = 256
/** At most this many disks, and this many network interfaces. */
export const LIST_MAX_LENGTH = 32
/** At most this many addresses per network interface. */
export const ADDRESSES_MAX_LENGTH = 16

/** `text` cut to the limit, never in the middle of a surrogate pair. */
export function shortText(text: string): string {
  if (text.length <= TEXT_MAX_LENGTH) return text
  const cut = text.slice(0, TEXT_MAX_LENGTH)
  const last = cut.charCodeAt(cut.length - 1)
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut
}

/** A whole, non-negative count of bytes (or seconds) the schema accepts; 0 for anything odd. */
export function count(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0
  return Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER)
}
