/**
 * Little-endian marshalling: values are written after their signature, each aligned from the
 * start of the message. A value that does not fit its type throws DBusProtocolError, so
 * nothing malformed is ever sent.
 * @module
 */
import { alignmentOf, isObjectPath, MAX_ARRAY_BYTES } from './alignment.js'
import { DBusProtocolError } from './errors.js'
import { type BasicCode, type DBusType, parseSignature, parseSingleType } from './signature.js'
import { type DBusValue, isVariant } from './values.js'

const encoder = new TextEncoder()

const INTEGER_RANGES = {
  y: [0, 0xff],
  n: [-0x8000, 0x7fff],
  q: [0, 0xffff],
  i: [-0x80000000, 0x7fffffff],
  u: [0, 0xffffffff],
} as const

export class ByteWriter {
  #bytes = new Uint8Array(256)
  #view = new DataView(this.#bytes.buffer)
  #length = 0

  get length(): number {
    return this.#length
  }

  /** The bytes written so far (a copy). */
  toBytes(): Uint8Array {
    return this.#bytes.slice(0, this.#length)
  }

  align(alignment: number): void {
    const padding = (alignment - (this.#length % alignment)) % alignment
    this.#reserve(padding)
    this.#length += padding // new bytes are already zero
  }

  byte(value: number): void {
    this.#reserve(1)
    this.#view.setUint8(this.#length, value)
    this.#length += 1
  }

  uint32(value: number): void {
    this.align(4)
    this.#reserve(4)
    this.#view.setUint32(this.#length, value, true)
    this.#length += 4
  }

  setUint32At(offset: number, value: number): void {
    this.#view.setUint32(offset, value, true)
  }

  bytes(value: Uint8Array): void {
    this.#reserve(value.length)
    this.#bytes.set(value, this.#length)
    this.#length += value.length
  }

  /** Writes `values` typed by `signature`; the count must match. */
  write(signature: string, values: readonly DBusValue[]): void {
    const types = parseSignature(signature)
    if (types.length !== values.length) {
      throw new DBusProtocolError(
        `signature "${signature}" has ${types.length} types but ${values.length} values were given`,
      )
    }
    types.forEach((type, index) => {
      this.value(type, values[index] as DBusValue)
    })
  }

  value(type: DBusType, value: DBusValue): void {
    switch (type.kind) {
      case 'basic':
        this.#basic(type.code, value)
        return
      case 'variant': {
        if (!isVariant(value)) throw mismatch('a variant', value)
        const inner = parseSingleType(value.signature)
        this.#signature(value.signature)
        this.value(inner, value.value)
        return
      }
      case 'array':
        this.#array(type.element, value)
        return
      case 'struct':
      case 'dict-entry': {
        const fields = type.kind === 'struct' ? type.fields : [type.key, type.value]
        if (!Array.isArray(value) || value.length !== fields.length) {
          throw mismatch(`${fields.length} fields`, value)
        }
        this.align(8)
        fields.forEach((field, index) => {
          this.value(field, (value as readonly DBusValue[])[index] as DBusValue)
        })
        return
      }
    }
  }

  #array(element: DBusType, value: DBusValue): void {
    this.align(4)
    const lengthAt = this.#length
    this.uint32(0)
    this.align(alignmentOf(element))
    const start = this.#length
    if (value instanceof Uint8Array) {
      if (element.kind !== 'basic' || element.code !== 'y') throw mismatch('an array', value)
      this.bytes(value)
    } else {
      if (!Array.isArray(value)) throw mismatch('an array', value)
      for (const item of value as readonly DBusValue[]) this.value(element, item)
    }
    const size = this.#length - start
    if (size > MAX_ARRAY_BYTES) throw new DBusProtocolError('array longer than 64 MiB')
    this.setUint32At(lengthAt, size)
  }

  #basic(code: BasicCode, value: DBusValue): void {
    switch (code) {
      case 'y':
      case 'n':
      case 'q':
      case 'i':
      case 'u': {
        const [min, max] = INTEGER_RANGES[code]
        if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
          throw mismatch(`an integer for "${code}"`, value)
        }
        this.#fixed(code, value)
        return
      }
      case 'b':
        if (typeof value !== 'boolean') throw mismatch('a boolean', value)
        this.uint32(value ? 1 : 0)
        return
      case 'x':
      case 't':
        if (
          typeof value !== 'bigint' ||
          (code === 'x' ? BigInt.asIntN(64, value) : BigInt.asUintN(64, value)) !== value
        ) {
          throw mismatch(`a 64-bit integer for "${code}"`, value)
        }
        this.align(8)
        this.#reserve(8)
        if (code === 'x') this.#view.setBigInt64(this.#length, value, true)
        else this.#view.setBigUint64(this.#length, value, true)
        this.#length += 8
        return
      case 'd':
        if (typeof value !== 'number') throw mismatch('a number', value)
        this.align(8)
        this.#reserve(8)
        this.#view.setFloat64(this.#length, value, true)
        this.#length += 8
        return
      case 's':
      case 'o': {
        if (typeof value !== 'string' || value.includes('\0')) throw mismatch('a string', value)
        if (code === 'o' && !isObjectPath(value)) throw mismatch('an object path', value)
        const text = encoder.encode(value)
        this.uint32(text.length)
        this.bytes(text)
        this.byte(0)
        return
      }
      case 'g':
        if (typeof value !== 'string') throw mismatch('a signature', value)
        parseSignature(value)
        this.#signature(value)
        return
    }
  }

  #fixed(code: 'y' | 'n' | 'q' | 'i' | 'u', value: number): void {
    switch (code) {
      case 'y':
        this.byte(value)
        return
      case 'n':
      case 'q':
        this.align(2)
        this.#reserve(2)
        if (code === 'n') this.#view.setInt16(this.#length, value, true)
        else this.#view.setUint16(this.#length, value, true)
        this.#length += 2
        return
      case 'i':
        this.align(4)
        this.#reserve(4)
        this.#view.setInt32(this.#length, value, true)
        this.#length += 4
        return
      case 'u':
        this.uint32(value)
        return
    }
  }

  #signature(value: string): void {
    const text = encoder.encode(value)
    this.byte(text.length)
    this.bytes(text)
    this.byte(0)
  }

  #reserve(count: number): void {
    if (this.#length + count <= this.#bytes.length) return
    let size = this.#bytes.length * 2
    while (size < this.#length + count) size *= 2
    const bigger = new Uint8Array(size)
    bigger.set(this.#bytes.subarray(0, this.#length))
    this.#bytes = bigger
    this.#view = new DataView(bigger.buffer)
  }
}

function mismatch(expected: string, value: DBusValue): DBusProtocolError {
  const shown =
    typeof value === 'object' ? (Array.isArray(value) ? 'array' : 'object') : typeof value
  return new DBusProtocolError(`expected ${expected}, got ${shown}`)
}
