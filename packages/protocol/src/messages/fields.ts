/** Field schemas shared by several conversations, each bounded (SPEC.md M2). */
import { Type, type TLiteral, type TObject, type TProperties, type TUnion } from '@sinclair/typebox'

/** A server-issued identifier (session, message, conversation). */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })

/** A person's or company's name as shown to people. */
export const DisplayName = Type.String({ minLength: 1, maxLength: 128 })

/** Milliseconds since the Unix epoch (up to the largest date JavaScript can represent). */
export const EpochMilliseconds = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 })

/** A human-readable explanation, for logs and error displays. */
export const HumanText = Type.String({ maxLength: 500 })

/** A frame sequence number (see SPEC.md F5). */
export const Sequence = Type.Integer({ minimum: 0, maximum: 2 ** 48 - 1 })

/** A schema accepting exactly the given string values. */
export function oneOf<const T extends string>(values: readonly T[]): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((value) => Type.Literal(value)))
}

/** An object schema for one message: its `type` literal plus its fields, nothing else. */
export function message<const T extends string, P extends TProperties>(
  type: T,
  properties: P,
): TObject<{ type: TLiteral<T> } & P> {
  return Type.Object({ type: Type.Literal(type), ...properties }, { additionalProperties: false })
}

/** Narrows a message union to the member with the given `type`. */
export type MessageOf<Union extends { type: string }, Kind extends Union['type']> = Extract<
  Union,
  { type: Kind }
>
