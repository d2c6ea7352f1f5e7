/** Wire shapes of operators and invitations (docs/api.md "Operators", "Log-in"). */
import { type Static, Type } from '@sinclair/typebox'

export const EMAIL_MAX_LENGTH = 254
export const DISPLAY_NAME_MAX_LENGTH = 100

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('operator')])

export const EmailSchema = Type.String({
  format: 'email',
  minLength: 3,
  maxLength: EMAIL_MAX_LENGTH,
  description: 'An e-mail address (stored encrypted).',
})

/** Not blank, and no control characters (names go into e-mail headers and pages). */
export const PRINTABLE_TEXT_PATTERN = '^(?!\\s*$)[^\\u0000-\\u001f\\u007f]+$'

export const DisplayNameSchema = Type.String({
  minLength: 1,
  maxLength: DISPLAY_NAME_MAX_LENGTH,
  pattern: PRINTABLE_TEXT_PATTERN,
})

export const OperatorSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    email: Type.String(),
    role: RoleSchema,
    totpEnabled: Type.Boolean(),
    disabled: Type.Boolean(),
    hasPassword: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A person of the support company who uses the console.' },
)
export type OperatorView = Static<typeof OperatorSchema>

export const InviteBodySchema = Type.Object(
  { email: EmailSchema, displayName: DisplayNameSchema, role: RoleSchema },
  { additionalProperties: false },
)
export type InviteBody = Static<typeof InviteBodySchema>

export const OperatorPatchSchema = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    displayName: Type.Optional(DisplayNameSchema),
  },
  { additionalProperties: false },
)
export type OperatorPatch = Static<typeof OperatorPatchSchema>

export const InvitationSchema = Type.Object({
  tenantName: Type.String(),
  displayName: Type.String(),
  email: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type InvitationView = Static<typeof InvitationSchema>

export const InvitedSchema = Type.Object({
  operator: OperatorSchema,
  invitationUrl: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  mailed: Type.Boolean(),
  mailError: Type.Optional(Type.String()),
})
export type Invited = Static<typeof InvitedSchema>
