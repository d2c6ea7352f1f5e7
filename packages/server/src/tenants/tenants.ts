/**
 * Tenants (support companies): their public face (slug, name, brand colour, logo) and
 * history retention. Every caller sees and changes only its own tenant.
 */
import { AuditKind } from '../audit/audit.js'
import { badRequest, notFound } from '../http/http-error.js'
import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import type { TenantPatch, TenantView } from './schemas.js'
import {
  anyTenantExists as anyTenantRowExists,
  findTenant,
  type TenantRow,
  updateTenant as updateTenantRow,
} from './store.js'

export const DEFAULT_BRAND_COLOR = '#0b6bcb'

/** Slugs that name server paths or could pass for the service itself. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'agent',
  'api',
  'app',
  'assets',
  'console',
  'download',
  'downloads',
  'entry',
  'help',
  'invite',
  'login',
  'logout',
  'metrics',
  'public',
  'setup',
  'static',
  'support',
  'tasuke',
  'widget',
  'www',
])

export function toTenantView(row: TenantRow): TenantView {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    brandColor: row.brand_color,
    logoUrl: row.logo_url,
    retentionDays: row.retention_days,
    createdAt: row.created_at,
  }
}

/** Why a (schema-valid) slug cannot be used, or null. */
export function slugProblem(slug: string): string | null {
  if (RESERVED_SLUGS.has(slug)) return `The address name "${slug}" is reserved; choose another.`
  return null
}

/** Why a logo URL cannot be used, or null: it must be an absolute https URL without a password. */
export function logoUrlProblem(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'logoUrl must be a valid https URL.'
  }
  if (url.protocol !== 'https:') return 'logoUrl must start with https://.'
  if (url.username !== '' || url.password !== '') return 'logoUrl must not contain a user name.'
  return null
}

export async function anyTenantExists(services: Services): Promise<boolean> {
  return anyTenantRowExists(services.db)
}

export async function getTenant(services: Services, tenantId: string): Promise<TenantView> {
  const row = await findTenant(services.db, tenantId)
  if (row === null) throw notFound('The company')
  return toTenantView(row)
}

export async function updateTenant(
  services: Services,
  principal: Principal,
  patch: TenantPatch,
  ip: string,
): Promise<TenantView> {
  if (patch.logoUrl !== undefined && patch.logoUrl !== null) {
    const problem = logoUrlProblem(patch.logoUrl)
    if (problem !== null) throw badRequest('invalid-request', problem, { field: 'logoUrl' })
  }
  const before = await getTenant(services, principal.tenantId)
  await updateTenantRow(services.db, principal.tenantId, {
    ...(patch.name === undefined ? {} : { name: patch.name.trim() }),
    ...(patch.brandColor === undefined ? {} : { brand_color: patch.brandColor.toLowerCase() }),
    ...(patch.logoUrl === undefined ? {} : { logo_url: patch.logoUrl }),
    ...(patch.retentionDays === undefined ? {} : { retention_days: patch.retentionDays }),
  })
  const after = await getTenant(services, principal.tenantId)
  const changed = (['name', 'brandColor', 'logoUrl', 'retentionDays'] as const).filter(
    (field) => before[field] !== after[field],
  )
  if (changed.length > 0) {
    await services.audit.record({
      tenantId: principal.tenantId,
      kind: AuditKind.TenantChanged,
      ip,
      operatorId: principal.operatorId,
      detail: { fields: changed.join(','), retentionDays: after.retentionDays },
    })
  }
  return after
}
