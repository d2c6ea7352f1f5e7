/**
 * Unmarshalling with every length checked against what is there: a value that runs past the
 * end, non-zero padding, a boolean that is not 0 or 1, bad UTF-8, an array longer than the
 * specification allows or nesting deeper than it allows throws DBusProtocolError.
 * @module
 */
import { alignmentOf, isObjectPath, MAX_ARRAY_BYTES, MAX_TOTAL_DEPTH } from './alignment.js'
import { DBusProtocolError } from './errors.js'
import { type BasicCode, type DBusType, parseSignature, parseSingleType } from './signature.js'
import type { DBusValue } from './values.js'

const decoder = new TextDecoder('utf-8', { fatal: true })

export class ByteReader {
  readonly #bytes: Uint8Array
  readonly #view: DataView
  readonly #isLittleEndian: boolean
  /** Position, counted from the message start (alignment is relative to it). */
  #offset: number
  readonly #end: number

  /** Reads `bytes` from `start` to `end`; alignment counts from byte 0 of `bytes`. */
  constructor(bytes: Uint8Array, isLittleEndian: boolean, start = 0, end = bytes.length) {
    this.#bytes = bytes
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.#isLittleEndian = isLittleEndian
    this.#offset = start
    this.#end = end
  }

  get offset(): number {
    return this.#offset
  }

  get isDone(): boolean {
    return this.#offset === this.#end
  }

  /** Reads the values of a whole signature. */
  read(signature: string): DBusValue[] {
    return parseSignature(signature).map((type) => this.value(type, 0))
  }

  align(alignment: number): void {
    const padding = (alignment - (this.#offset % alignment)) % alignment
    this.#need(padding)
    for (let index = 0; index < padding; index += 1) {
      if (this.#bytes[this.#offset + index] !== 0) throw new DBusProtocolError('non-zero padding')
    }
    this.#offset += padding
  }

  uint32(): number {
    this.align(4)
    this.#need(4)
    const value = this.#view.getUint32(this.#offset, this.#isLittleEndian)
    this.#offset += 4
    return value
  }

  byte(): number {
    this.#need(1)
    const value = this.#view.getUint8(this.#offset)
    this.#offset += 1
    return value
  }

  value(type: DBusType, depth: number): DBusValue {
    if (depth > MAX_TOTAL_DEPTH) throw new DBusProtocolError('values nested too deep')
    switch (type.kind) {
      case 'basic':
        return this.#basic(type.code)
      case 'variant': {
        const signature = this.#signature()
        return { signature, value: this.value(parseSingleType(signature), depth + 1) }
      }
      case 'array':
        return this.#array(type.element, depth + 1)
      case 'struct':
        this.align(8)
        return type.fields.map((field) => this.value(field, depth + 1))
      case 'dict-entry':
        this.align(8)
        return [this.value(type.key, depth + 1), this.value(type.value, depth + 1)]
    }
  }

  #array(element: DBusType, depth: number): DBusValue {
    const size = this.uint32()
    if (size > MAX_ARRAY_BYTES) throw new DBusProtocolError('array longer than 64 MiB')
    this.align(alignmentOf(element))
    this.#need(size)
    const end = this.#offset + size
    if (element.kind === 'basic' && element.code === 'y') {
      const bytes = this.#bytes.slice(this.#offset, end)
      this.#offset = end
      return bytes
    }
    const items: DBusValue[] = []
    while (this.#offset < end) items.push(this.value(element, depth))
    if (this.#offset !== end) throw new DBusProtocolError('array elements overrun its length')
    return items
  }

  #basic(code: BasicCode): DBusValue {
    switch (code) {
      case 'y':
        return this.byte()
      case 'b': {
        const value = this.uint32()
        if (value > 1) throw new DBusProtocolError(`boolean ${value}`)
        return value === 1
      }
      case 'n':
      case 'q': {
        this.align(2)
        this.#need(2)
        const value =
          code === 'n'
            ? this.#view.getInt16(this.#offset, this.#isLittleEndian)
            : this.#view.getUint16(this.#offset, this.#isLittleEndian)
        this.#offset += 2
        return value
      }
      case 'i': {
        this.align(4)
        this.#need(4)
        const value = this.#view.getInt32(this.#offset, this.#isLittleEndian)
        this.#offset += 4
        return value
      }
      case 'u':
        return this.uint32()
      case 'x':
      case 't':
      case 'd': {
        this.align(8)
        this.#need(8)
        const value =
          code === 'x'
            ? this.#view.getBigInt64(this.#offset, this.#isLittleEndian)
            : code === 't'
              ? this.#view.getBigUint64(this.#offset, this.#isLittleEndian)
              : this.#view.getFloat64(this.#offset, this.#isLittleEndian)
        this.#offset += 8
        return value
      }
      case 's':
      case 'o': {
        const value = this.#text(this.uint32())
        if (code === 'o' && !isObjectPath(value)) throw new DBusProtocolError('bad object path')
        return value
      }
      case 'g': {
        const value = this.#signature()
        parseSignature(value)
        return value
      }
    }
  }

  #signature(): string {
    return this.#text(this.byte())
  }

  #text(length: number): string {
    this.#need(length + 1)
    const raw = this.#bytes.subarray(this.#offset, this.#offset + length)
    if (this.#bytes[this.#offset + length] !== 0) {
      throw new DBusProtocolError('string not terminated by NUL')
    }
    if (raw.includes(0)) throw new DBusProtocolError('NUL inside a string')
    let text: string
    try {
      text = decoder.decode(raw)
    } catch {
      throw new DBusProtocolError('string is not UTF-8')
    }
    this.#offset += length + 1
    return text
  }

  #need(count: number): void {
    if (this.#offset + count > this.#end) {
      throw new DBusProtocolError('value runs past the end of the message')
    }
  }
}
