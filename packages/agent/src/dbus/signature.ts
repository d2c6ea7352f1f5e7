/**
 * D-Bus type signatures parsed into a tree the marshaller walks. Bad signatures (unknown
 * codes, unbalanced brackets, too deep, dict entries outside arrays) throw DBusProtocolError.
 * @module
 */
import { DBusProtocolError } from './errors.js'

export type BasicCode = 'y' | 'b' | 'n' | 'q' | 'i' | 'u' | 'x' | 't' | 'd' | 's' | 'o' | 'g'

export type DBusType =
  | { readonly kind: 'basic'; readonly code: BasicCode }
  | { readonly kind: 'variant' }
  | { readonly kind: 'array'; readonly element: DBusType }
  | { readonly kind: 'struct'; readonly fields: readonly DBusType[] }
  | { readonly kind: 'dict-entry'; readonly key: DBusType; readonly value: DBusType }

export const MAX_SIGNATURE_LENGTH = 255
/** The specification's limits on nesting: 32 arrays and 32 structs. */
const MAX_DEPTH = 32

const BASIC_CODES: ReadonlySet<string> = new Set([
  'y',
  'b',
  'n',
  'q',
  'i',
  'u',
  'x',
  't',
  'd',
  's',
  'o',
  'g',
])

function isBasicCode(code: string): code is BasicCode {
  return BASIC_CODES.has(code)
}

/** Parses a whole signature (zero or more complete types). */
export function parseSignature(signature: string): DBusType[] {
  if (signature.length > MAX_SIGNATURE_LENGTH) {
    throw new DBusProtocolError(`signature longer than ${MAX_SIGNATURE_LENGTH}`)
  }
  const parser = new SignatureParser(signature)
  const types: DBusType[] = []
  while (!parser.isDone) types.push(parser.next(0, 0))
  return types
}

/** Parses a signature that must be exactly one complete type (a variant's). */
export function parseSingleType(signature: string): DBusType {
  const types = parseSignature(signature)
  const [only] = types
  if (only === undefined || types.length !== 1) {
    throw new DBusProtocolError(`not a single complete type: "${signature}"`)
  }
  return only
}

/** The signature text of a parsed type. */
export function signatureOf(type: DBusType): string {
  switch (type.kind) {
    case 'basic':
      return type.code
    case 'variant':
      return 'v'
    case 'array':
      return `a${signatureOf(type.element)}`
    case 'struct':
      return `(${type.fields.map(signatureOf).join('')})`
    case 'dict-entry':
      return `{${signatureOf(type.key)}${signatureOf(type.value)}}`
  }
}

class SignatureParser {
  #position = 0
  constructor(readonly text: string) {}

  get isDone(): boolean {
    return this.#position >= this.text.length
  }

  next(arrays: number, structs: number): DBusType {
    const code = this.text[this.#position]
    if (code === undefined) throw this.#error('ends in the middle of a type')
    this.#position += 1
    if (isBasicCode(code)) return { kind: 'basic', code }
    switch (code) {
      case 'v':
        return { kind: 'variant' }
      case 'a':
        if (arrays + 1 > MAX_DEPTH) throw this.#error('arrays nested too deep')
        if (this.text[this.#position] === '{') {
          this.#position += 1
          return { kind: 'array', element: this.#dictEntry(arrays + 1, structs) }
        }
        return { kind: 'array', element: this.next(arrays + 1, structs) }
      case '(':
        return this.#struct(arrays, structs + 1)
      default:
        throw this.#error(`unexpected "${code}"`)
    }
  }

  #struct(arrays: number, structs: number): DBusType {
    if (structs > MAX_DEPTH) throw this.#error('structs nested too deep')
    const fields: DBusType[] = []
    while (this.text[this.#position] !== ')') {
      if (this.isDone) throw this.#error('unclosed "("')
      fields.push(this.next(arrays, structs))
    }
    this.#position += 1
    if (fields.length === 0) throw this.#error('empty struct')
    return { kind: 'struct', fields }
  }

  #dictEntry(arrays: number, structs: number): DBusType {
    if (structs + 1 > MAX_DEPTH) throw this.#error('structs nested too deep')
    const key = this.next(arrays, structs + 1)
    if (key.kind !== 'basic') throw this.#error('dict entry key must be a basic type')
    const value = this.next(arrays, structs + 1)
    if (this.text[this.#position] !== '}') throw this.#error('dict entry needs exactly two types')
    this.#position += 1
    return { kind: 'dict-entry', key, value }
  }

  #error(problem: string): DBusProtocolError {
    return new DBusProtocolError(`bad signature "${this.text}": ${problem}`)
  }
}
