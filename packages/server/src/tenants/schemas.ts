/** Wire shapes of tenants (docs/api.md "Tenant"). */
import { type Static, Type } from '@sinclair/typebox'

export const SLUG_MIN_LENGTH = 3
export const SLUG_MAX_LENGTH = 40
export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$'
export const TENANT_NAME_MAX_LENGTH = 100
export const LOGO_URL_MAX_LENGTH = 500
export const RETENTION_DAYS_MIN = 1
export const RETENTION_DAYS_MAX = 3650

export const TenantSchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    brandColor: Type.String(),
    logoUrl: Type.Union([Type.String(), Type.Null()]),
    retentionDays: Type.Integer(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { description: 'A support company (docs/api.md "Tenant").' },
)
export type TenantView = Static<typeof TenantSchema>

export const TenantSlugSchema = Type.String({
  minLength: SLUG_MIN_LENGTH,
  maxLength: SLUG_MAX_LENGTH,
  pattern: SLUG_PATTERN,
  description: 'Lower-case letters, digits and inner hyphens; used in the entry-page URL.',
})

/** Not blank, and no control characters (the name goes into e-mail headers and pages). */
export const TenantNameSchema = Type.String({
  minLength: 1,
  maxLength: TENANT_NAME_MAX_LENGTH,
  pattern: '^(?!\\s*$)[^\\u0000-\\u001f\\u007f]+$',
})

export const BrandColorSchema = Type.String({ pattern: '^#[0-9a-fA-F]{6}$' })

export const TenantPatchSchema = Type.Object(
  {
    name: Type.Optional(TenantNameSchema),
    brandColor: Type.Optional(BrandColorSchema),
    logoUrl: Type.Optional(
      // Null first: with Fastify's type coercion a string branch would turn null into ''.
      Type.Union([
        Type.Null(),
        Type.String({ minLength: 1, maxLength: LOGO_URL_MAX_LENGTH, pattern: '^https://' }),
      ]),
    ),
    retentionDays: Type.Optional(
      Type.Integer({ minimum: RETENTION_DAYS_MIN, maximum: RETENTION_DAYS_MAX }),
    ),
  },
  { additionalProperties: false },
)
export type TenantPatch = Static<typeof TenantPatchSchema>
