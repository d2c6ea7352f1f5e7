/** TypeBox shapes of the sessions API (docs/api.md "Support sessions"), for validation and OpenAPI. */
import { type TSchema, Type } from '@sinclair/typebox'

import { SESSION_METHODS, SESSION_STATES } from './session-state.js'

/** A string that is one of `values`, shown as an enum in OpenAPI. */
export function StringEnum<const T extends readonly string[]>(values: T, description?: string) {
  return Type.Unsafe<T[number]>({
    type: 'string',
    enum: [...values],
    ...(description === undefined ? {} : { description }),
  })
}

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

export const SessionStateSchema = StringEnum(SESSION_STATES)
export const SessionMethodSchema = StringEnum(SESSION_METHODS)

export const SessionSchema = Type.Object({
  id: Type.String(),
  code: Type.String({ description: 'The 8-digit session number' }),
  state: SessionStateSchema,
  method: SessionMethodSchema,
  operator: Type.Object({ id: Type.String(), displayName: Type.String() }),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  redeemedAt: Nullable(Type.String()),
  startedAt: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
})

export const SessionResponse = Type.Object({ session: SessionSchema })

export const SessionIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })
