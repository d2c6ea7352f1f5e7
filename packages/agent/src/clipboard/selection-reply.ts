/**
 * What the clipboard owner answers a program that asks for the text in one form (a
 * SelectionRequest's target), pure: the targets we offer, and the property to write for each.
 * Anything else is refused (ICCCM: the answer names property None).
 */
import { encodeLatin1, encodeUtf8 } from './clipboard-text.js'

/** The targets we answer, in the order TARGETS lists them (preferred first). */
export const OFFERED_TARGETS = ['TARGETS', 'UTF8_STRING', 'STRING', 'TEXT'] as const
export type OfferedTarget = (typeof OFFERED_TARGETS)[number]

/** A property to write on the requestor's window: 8-bit text or a list of atoms (by name). */
export type SelectionReply =
  | { readonly type: 'UTF8_STRING' | 'STRING'; readonly format: 8; readonly data: Buffer }
  | { readonly type: 'ATOM'; readonly format: 32; readonly atoms: readonly OfferedTarget[] }

export function isOfferedTarget(name: string): name is OfferedTarget {
  return (OFFERED_TARGETS as readonly string[]).includes(name)
}

/** The answer for `target` holding `text`. TEXT lets the owner choose: we choose UTF-8. */
export function selectionReply(target: OfferedTarget, text: string): SelectionReply {
  switch (target) {
    case 'TARGETS':
      return { type: 'ATOM', format: 32, atoms: OFFERED_TARGETS }
    case 'UTF8_STRING':
    case 'TEXT':
      return { type: 'UTF8_STRING', format: 8, data: encodeUtf8(text) }
    case 'STRING':
      return { type: 'STRING', format: 8, data: encodeLatin1(text) }
  }
}
