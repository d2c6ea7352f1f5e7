/**
 * How D-Bus values look in TypeScript: integers up to 32 bits and doubles are numbers, 64-bit
 * integers bigints, `ay` a Uint8Array, arrays and structs JS arrays, a dict entry a two-element
 * array, and a variant an object naming its signature.
 * @module
 */

export interface Variant {
  readonly signature: string
  readonly value: DBusValue
}

export type DBusValue =
  number | bigint | boolean | string | Uint8Array | Variant | readonly DBusValue[]

export function variant(signature: string, value: DBusValue): Variant {
  return { signature, value }
}

export function isVariant(value: DBusValue): value is Variant {
  return (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    'signature' in value
  )
}

/** The value as a string, or a thrown TypeError naming `what` (reading replies). */
export function asString(value: DBusValue | undefined, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what}: expected a string`)
  return value
}

/** The value as a number, or a thrown TypeError naming `what`. */
export function asNumber(value: DBusValue | undefined, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`${what}: expected a number`)
  return value
}

/** The value as an array, or a thrown TypeError naming `what`. */
export function asArray(value: DBusValue | undefined, what: string): readonly DBusValue[] {
  if (!Array.isArray(value)) throw new TypeError(`${what}: expected an array`)
  return value as readonly DBusValue[]
}
