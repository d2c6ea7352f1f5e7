/**
 * The session-number field of the customer pages' forms (/join and /s/<slug>): a numeric
 * keyboard, one-time-code autofill, what was typed shown again to be corrected, and the
 * language chosen with ?lang kept through the form.
 */
import { type Html, html } from './html.js'
import type { PageLanguage } from './language.js'

export interface CodeField {
  /** The input's id, for a <label for>; null when the label wraps the input. */
  readonly id: string | null
  readonly testId: string
  /** What was typed; null for an empty field. */
  readonly typed: string | null
  /** The language asked for with ?lang; null when the page chose it. */
  readonly chosenLanguage: PageLanguage | null
}

export function codeInput(field: CodeField): Html {
  return html`<input
    ${field.id === null ? null : html`id="${field.id}"`}
    type="text"
    name="code"
    inputmode="numeric"
    autocomplete="one-time-code"
    maxlength="64"
    required
    autofocus
    value="${field.typed ?? ''}"
    data-testid="${field.testId}"
  />`
}

export function keptLanguage(field: CodeField): Html | null {
  return field.chosenLanguage === null
    ? null
    : html`<input type="hidden" name="lang" value="${field.chosenLanguage}" />`
}
