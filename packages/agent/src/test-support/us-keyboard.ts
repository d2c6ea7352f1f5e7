/** What a browser on a US keyboard reports for each character: `code`, `key`, and Shift. */
import type { KeyInput } from '../input/input.js'

const SYMBOLS: Readonly<Record<string, readonly [string, boolean]>> = {
  ' ': ['Space', false],
  '`': ['Backquote', false],
  '~': ['Backquote', true],
  '!': ['Digit1', true],
  '@': ['Digit2', true],
  '#': ['Digit3', true],
  $: ['Digit4', true],
  '%': ['Digit5', true],
  '^': ['Digit6', true],
  '&': ['Digit7', true],
  '*': ['Digit8', true],
  '(': ['Digit9', true],
  ')': ['Digit0', true],
  '-': ['Minus', false],
  _: ['Minus', true],
  '=': ['Equal', false],
  '+': ['Equal', true],
  '[': ['BracketLeft', false],
  '{': ['BracketLeft', true],
  ']': ['BracketRight', false],
  '}': ['BracketRight', true],
  '\\': ['Backslash', false],
  '|': ['Backslash', true],
  ';': ['Semicolon', false],
  ':': ['Semicolon', true],
  "'": ['Quote', false],
  '"': ['Quote', true],
  ',': ['Comma', false],
  '<': ['Comma', true],
  '.': ['Period', false],
  '>': ['Period', true],
  '/': ['Slash', false],
  '?': ['Slash', true],
}

export function usKey(character: string): KeyInput & { isShifted: boolean } {
  if (/^[a-z]$/.test(character)) {
    return { code: `Key${character.toUpperCase()}`, key: character, isShifted: false }
  }
  if (/^[A-Z]$/.test(character)) return { code: `Key${character}`, key: character, isShifted: true }
  if (/^[0-9]$/.test(character))
    return { code: `Digit${character}`, key: character, isShifted: false }
  const symbol = SYMBOLS[character]
  if (symbol === undefined) throw new Error(`not on a US keyboard: ${character}`)
  return { code: symbol[0], key: character, isShifted: symbol[1] }
}
