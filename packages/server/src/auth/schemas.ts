/** Wire shapes of log-in (docs/api.md "Log-in"). */
import { type Static, Type } from '@sinclair/typebox'

import { EmailSchema, OperatorSchema } from '../operators/schemas.js'
import { TenantSchema } from '../tenants/schemas.js'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js'

export const PasswordSchema = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters.`,
})

/** What a log-in checks is only bounded, so a too-short guess gets the generic answer. */
export const LoginPasswordSchema = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })

export const TotpCodeSchema = Type.String({ minLength: 1, maxLength: 20 })

export const LoginBodySchema = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: LoginPasswordSchema,
    totpCode: Type.Optional(TotpCodeSchema),
  },
  { additionalProperties: false },
)
export type LoginBody = Static<typeof LoginBodySchema>

export const PasswordChangeSchema = Type.Object(
  { currentPassword: LoginPasswordSchema, newPassword: PasswordSchema },
  { additionalProperties: false },
)

export const TotpCodeBodySchema = Type.Object(
  { code: TotpCodeSchema },
  { additionalProperties: false },
)

export const TotpSetupSchema = Type.Object({ secret: Type.String(), otpauthUrl: Type.String() })

/** The answer of log-in, first run, invitation accept and `GET /auth/me`. */
export const AuthAnswerSchema = Type.Object({
  operator: OperatorSchema,
  tenant: TenantSchema,
  /** Send back as `x-csrf-token` on every state-changing request; null for API keys. */
  csrfToken: Type.Union([Type.String(), Type.Null()]),
})
export type AuthAnswer = Static<typeof AuthAnswerSchema>

export { EmailSchema }
