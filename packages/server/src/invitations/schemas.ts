/** TypeBox shapes of the e-mail invitation API (docs/api.md "E-mail invitations"). */
import { type Static, Type } from '@sinclair/typebox'

import { EmailSchema } from '../operators/schemas.js'
import { SessionSchema, StringEnum } from '../sessions/schemas.js'

export const INVITATION_LANGUAGES = ['ja', 'en'] as const

export function InviteBodySchema(bounds: { min: number; max: number; default: number }) {
  return Type.Object(
    {
      email: EmailSchema,
      expiresInMinutes: Type.Optional(
        Type.Integer({
          minimum: bounds.min,
          maximum: bounds.max,
          description: `Minutes until the number and the link expire (default ${bounds.default})`,
        }),
      ),
      language: StringEnum(INVITATION_LANGUAGES, 'Language of the mail and of the pages it opens'),
      timeZone: Type.Optional(
        Type.String({
          minLength: 1,
          maxLength: 64,
          pattern: '^[A-Za-z0-9_+\\-/]+$',
          description: 'IANA time zone the expiry is written in (default UTC), e.g. Asia/Tokyo',
        }),
      ),
    },
    { additionalProperties: false },
  )
}
export type InviteBody = Static<ReturnType<typeof InviteBodySchema>>

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()])

export const InvitationSchema = Type.Object({
  sessionId: Type.String(),
  email: Type.String(),
  language: StringEnum(INVITATION_LANGUAGES),
  timeZone: Type.String(),
  delivery: StringEnum(['pending', 'sent', 'failed'] as const),
  deliveryError: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastAttemptAt: Nullable(Type.String()),
  createdAt: Type.String(),
})

export const InvitedResponse = Type.Object({ session: SessionSchema, invitation: InvitationSchema })
export const InvitationResponse = Type.Object({ invitation: InvitationSchema })
export const InvitationListResponse = Type.Object({ invitations: Type.Array(InvitationSchema) })
