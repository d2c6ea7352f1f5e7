/** Where each D-Bus type starts: its alignment in bytes, counted from the message start. */
import type { DBusType } from './signature.js'

export function alignmentOf(type: DBusType): number {
  switch (type.kind) {
    case 'variant':
      return 1
    case 'array':
      return 4
    case 'struct':
    case 'dict-entry':
      return 8
    case 'basic':
      switch (type.code) {
        case 'y':
        case 'g':
          return 1
        case 'n':
        case 'q':
          return 2
        case 'b':
        case 'i':
        case 'u':
        case 's':
        case 'o':
          return 4
        case 'x':
        case 't':
        case 'd':
          return 8
      }
  }
}

/** Longest array the specification allows, in bytes. */
export const MAX_ARRAY_BYTES = 64 * 1024 * 1024
/** Deepest nesting of containers (arrays, structs, variants) the reader follows. */
export const MAX_TOTAL_DEPTH = 64

const OBJECT_PATH = /^\/$|^(\/[A-Za-z0-9_]+)+$/

export function isObjectPath(text: string): boolean {
  return OBJECT_PATH.test(text)
}
