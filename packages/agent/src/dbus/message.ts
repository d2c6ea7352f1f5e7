/**
 * D-Bus messages: the header (fixed part + header fields) and the body, encoded little-endian
 * and decoded in either byte order. `frameLength` tells the connection how many bytes the
 * next message needs before it can be decoded; anything malformed throws DBusProtocolError.
 * @module
 */
import { isObjectPath } from './alignment.js'
import { DBusProtocolError } from './errors.js'
import { ByteReader } from './reader.js'
import { ByteWriter } from './writer.js'
import { asNumber, asString, type DBusValue, isVariant, variant } from './values.js'

/** Bigger messages are refused (the specification allows 128 MiB; a tray needs a few KiB). */
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024

export const MessageFlag = { NoReplyExpected: 0x1, NoAutoStart: 0x2 } as const

interface Common {
  readonly serial: number
  readonly flags: number
  readonly sender?: string
  readonly destination?: string
  /** Signature of `body` ('' for none). */
  readonly signature: string
  readonly body: readonly DBusValue[]
}

export interface MethodCall extends Common {
  readonly type: 'method-call'
  readonly path: string
  readonly interface?: string
  readonly member: string
}
export interface MethodReturn extends Common {
  readonly type: 'method-return'
  readonly replySerial: number
}
export interface ErrorReply extends Common {
  readonly type: 'error'
  readonly errorName: string
  readonly replySerial: number
}
export interface Signal extends Common {
  readonly type: 'signal'
  readonly path: string
  readonly interface: string
  readonly member: string
}
export type DBusMessage = MethodCall | MethodReturn | ErrorReply | Signal

const TYPE_CODES = { 'method-call': 1, 'method-return': 2, error: 3, signal: 4 } as const
const FIELD = {
  path: 1,
  interface: 2,
  member: 3,
  errorName: 4,
  replySerial: 5,
  destination: 6,
  sender: 7,
  signature: 8,
} as const

export function encodeMessage(message: DBusMessage): Uint8Array {
  const body = new ByteWriter()
  body.write(message.signature, message.body)
  const fields: [number, DBusValue][] = []
  const add = (code: number, signature: string, value: string | number | undefined) => {
    if (value !== undefined) fields.push([code, variant(signature, value)])
  }
  switch (message.type) {
    case 'method-call':
      add(FIELD.path, 'o', message.path)
      add(FIELD.interface, 's', message.interface)
      add(FIELD.member, 's', message.member)
      break
    case 'signal':
      add(FIELD.path, 'o', message.path)
      add(FIELD.interface, 's', message.interface)
      add(FIELD.member, 's', message.member)
      break
    case 'error':
      add(FIELD.errorName, 's', message.errorName)
      add(FIELD.replySerial, 'u', message.replySerial)
      break
    case 'method-return':
      add(FIELD.replySerial, 'u', message.replySerial)
      break
  }
  add(FIELD.destination, 's', message.destination)
  add(FIELD.sender, 's', message.sender)
  if (message.signature !== '') add(FIELD.signature, 'g', message.signature)
  const header = new ByteWriter()
  header.bytes(new Uint8Array([0x6c, TYPE_CODES[message.type], message.flags, 1]))
  header.uint32(body.length)
  header.uint32(message.serial)
  header.write('a(yv)', [fields])
  header.align(8)
  header.bytes(body.toBytes())
  if (header.length > MAX_MESSAGE_BYTES) throw new DBusProtocolError('message too large')
  return header.toBytes()
}

/**
 * How many bytes the message at the start of `bytes` takes, or null when fewer than 16 bytes
 * are there to tell. Throws on a bad byte order mark or a message too large.
 */
export function frameLength(bytes: Uint8Array): number | null {
  if (bytes.length < 16) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16)
  const isLittleEndian = byteOrder(bytes[0])
  const bodyLength = view.getUint32(4, isLittleEndian)
  const fieldsLength = view.getUint32(12, isLittleEndian)
  if (bodyLength > MAX_MESSAGE_BYTES || fieldsLength > MAX_MESSAGE_BYTES) {
    throw new DBusProtocolError('message too large')
  }
  const headerLength = Math.ceil((16 + fieldsLength) / 8) * 8
  const total = headerLength + bodyLength
  if (total > MAX_MESSAGE_BYTES) throw new DBusProtocolError('message too large')
  return total
}

/** Decodes one whole message (exactly `frameLength` bytes). */
export function decodeMessage(bytes: Uint8Array): DBusMessage {
  const isLittleEndian = byteOrder(bytes[0])
  const reader = new ByteReader(bytes, isLittleEndian)
  reader.byte()
  const typeCode = reader.byte()
  const flags = reader.byte()
  if (reader.byte() !== 1) throw new DBusProtocolError('unknown protocol version')
  const bodyLength = reader.uint32()
  const serial = reader.uint32()
  if (serial === 0) throw new DBusProtocolError('serial 0')
  const [fieldList] = reader.read('a(yv)')
  const fields = new Map<number, DBusValue>()
  for (const field of fieldList as readonly (readonly DBusValue[])[]) {
    const [code, value] = field
    if (typeof code !== 'number' || value === undefined || !isVariant(value)) continue
    fields.set(code, checkField(code, value.signature, value.value))
  }
  reader.align(8)
  if (reader.offset + bodyLength !== bytes.length) {
    throw new DBusProtocolError('body length does not match the message')
  }
  const signature = fields.has(FIELD.signature)
    ? asString(fields.get(FIELD.signature), 'signature')
    : ''
  const bodyReader = new ByteReader(bytes, isLittleEndian, reader.offset, bytes.length)
  const body = bodyReader.read(signature)
  if (!bodyReader.isDone) throw new DBusProtocolError('bytes left after the body')
  const text = (code: number) => {
    const value = fields.get(code)
    return value === undefined ? undefined : asString(value, 'header field')
  }
  const common = {
    serial,
    flags,
    signature,
    body,
    ...optional('sender', text(FIELD.sender)),
    ...optional('destination', text(FIELD.destination)),
  }
  const required = (code: number, what: string): string => {
    const value = text(code)
    if (value === undefined) throw new DBusProtocolError(`message without ${what}`)
    return value
  }
  const replySerial = (): number => {
    const value = fields.get(FIELD.replySerial)
    if (value === undefined) throw new DBusProtocolError('reply without a reply serial')
    return asNumber(value, 'reply serial')
  }
  switch (typeCode) {
    case 1:
      return {
        type: 'method-call',
        ...common,
        path: required(FIELD.path, 'a path'),
        member: required(FIELD.member, 'a member'),
        ...optional('interface', text(FIELD.interface)),
      }
    case 2:
      return { type: 'method-return', ...common, replySerial: replySerial() }
    case 3:
      return {
        type: 'error',
        ...common,
        errorName: required(FIELD.errorName, 'an error name'),
        replySerial: replySerial(),
      }
    case 4:
      return {
        type: 'signal',
        ...common,
        path: required(FIELD.path, 'a path'),
        interface: required(FIELD.interface, 'an interface'),
        member: required(FIELD.member, 'a member'),
      }
    default:
      throw new DBusProtocolError(`unknown message type ${typeCode}`)
  }
}

const FIELD_SIGNATURES: Readonly<Record<number, string>> = {
  1: 'o',
  2: 's',
  3: 's',
  4: 's',
  5: 'u',
  6: 's',
  7: 's',
  8: 'g',
  9: 'u',
}

function checkField(code: number, signature: string, value: DBusValue): DBusValue {
  const expected = FIELD_SIGNATURES[code]
  // Unknown header fields must be ignored (specification), known ones must have their type.
  if (expected !== undefined && signature !== expected) {
    throw new DBusProtocolError(`header field ${code} has type "${signature}"`)
  }
  if (code === FIELD.path && (typeof value !== 'string' || !isObjectPath(value))) {
    throw new DBusProtocolError('bad path header')
  }
  return value
}

function byteOrder(mark: number | undefined): boolean {
  if (mark === 0x6c) return true
  if (mark === 0x42) return false
  throw new DBusProtocolError('bad byte order mark')
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}
