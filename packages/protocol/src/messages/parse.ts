/**
 * Raw text or bytes from a socket → a validated message, or a typed error that says what
 * was wrong. Never throws (SPEC.md M3–M6). Validation uses TypeBox's `Value`, not its
 * compiler, because browser pages forbid `eval` under their CSP.
 * @module
 */
import { KindGuard, type Static, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/** Larger input is refused before it is decoded or parsed. */
export const MAX_MESSAGE_BYTES = 64 * 1024

/** Why input is not a valid message. */
export const ParseErrorReason = {
  /** Not UTF-8 text holding one JSON value. */
  MalformedJson: 'malformed-json',
  /** More than the allowed bytes. */
  TooLarge: 'too-large',
  /** JSON, but not a message the schema allows. */
  Invalid: 'invalid',
} as const
/** A value of {@link ParseErrorReason}. */
export type ParseErrorReason = (typeof ParseErrorReason)[keyof typeof ParseErrorReason]

/** Why {@link parseMessage} refused its input; `message` names the first bad field. */
export interface ParseError {
  readonly reason: ParseErrorReason
  readonly message: string
}

/** The outcome of {@link parseMessage}. */
export type ParseResult<T> =
  { readonly ok: true; readonly message: T } | { readonly ok: false; readonly error: ParseError }

/** Options for {@link parseMessage}. */
export interface ParseOptions {
  /** Size limit in UTF-8 bytes; defaults to {@link MAX_MESSAGE_BYTES}. */
  readonly maxBytes?: number
}

const decoder = new TextDecoder('utf-8', { fatal: true })

/** Parses and validates one message against a schema (usually a `<Sender>To<Receiver>` union). */
export function parseMessage<S extends TSchema>(
  schema: S,
  raw: string | Uint8Array,
  options: ParseOptions = {},
): ParseResult<Static<S>> {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES
  let text: string
  if (typeof raw === 'string') {
    if (raw.length > maxBytes || utf8Length(raw) > maxBytes) return tooLarge(maxBytes)
    text = raw
  } else if (raw instanceof Uint8Array) {
    if (raw.byteLength > maxBytes) return tooLarge(maxBytes)
    try {
      text = decoder.decode(raw)
    } catch {
      return failure(ParseErrorReason.MalformedJson, 'message is not valid UTF-8')
    }
  } else {
    return failure(ParseErrorReason.MalformedJson, 'message is neither text nor bytes')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const detail = error instanceof Error ? `: ${error.message.slice(0, 200)}` : ''
    return failure(ParseErrorReason.MalformedJson, `message is not valid JSON${detail}`)
  }
  const problem = findProblem(schema, value)
  if (problem !== undefined) return failure(ParseErrorReason.Invalid, problem)
  return { ok: true, message: value as Static<S> }
}

function failure(reason: ParseErrorReason, message: string): { ok: false; error: ParseError } {
  return { ok: false, error: { reason, message } }
}

function tooLarge(maxBytes: number): { ok: false; error: ParseError } {
  return failure(ParseErrorReason.TooLarge, `message is larger than ${maxBytes} bytes`)
}

// For a union of messages, validate against the member its `type` names, so the error
// points at the bad field rather than saying "no member of the union matched".
function findProblem(schema: TSchema, value: unknown): string | undefined {
  let target = schema
  const members = messageMembers(schema)
  if (members !== undefined) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return 'message: expected a JSON object with a "type" field'
    }
    const type: unknown = (value as Record<string, unknown>)['type']
    if (typeof type !== 'string') return 'field /type: expected a string'
    const member = members.get(type)
    if (member === undefined) {
      const known = [...members.keys()].join(', ')
      return `field /type: unknown message type ${JSON.stringify(type.slice(0, 40))} (expected one of: ${known})`
    }
    target = member
  }
  if (Value.Check(target, value)) return undefined
  const first = Value.Errors(target, value).First()
  if (first === undefined) return 'message: does not match the schema'
  const where = first.path === '' ? 'message' : `field ${first.path}`
  return `${where}: ${describeExpected(first.schema) ?? first.message}`
}

// TypeBox says only "Expected union value" for a union of literals; list the values.
function describeExpected(schema: TSchema): string | undefined {
  if (!KindGuard.IsUnion(schema)) return undefined
  const values = schema.anyOf.map((member) =>
    KindGuard.IsLiteral(member) ? member.const : undefined,
  )
  if (values.some((value) => value === undefined)) return undefined
  return `expected one of: ${values.map((value) => JSON.stringify(value)).join(', ')}`
}

const membersCache = new WeakMap<TSchema, Map<string, TSchema> | null>()

function messageMembers(schema: TSchema): Map<string, TSchema> | undefined {
  let members = membersCache.get(schema)
  if (members === undefined) {
    members = null
    if (KindGuard.IsUnion(schema)) {
      const byType = new Map<string, TSchema>()
      for (const member of schema.anyOf) {
        const type = KindGuard.IsObject(member) ? member.properties['type'] : undefined
        if (type === undefined || !KindGuard.IsLiteralString(type)) break
        byType.set(type.const, member)
      }
      if (byType.size === schema.anyOf.length) members = byType
    }
    membersCache.set(schema, members)
  }
  return members ?? undefined
}

// UTF-8 length without encoding (lone surrogates count 3, as TextEncoder writes U+FFFD).
function utf8Length(text: string): number {
  let length = 0
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index)
    if (unit < 0x80) length += 1
    else if (unit < 0x800) length += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      length += 4
      index += 1
    } else length += 3
  }
  return length
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}
