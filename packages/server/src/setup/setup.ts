/**
 * First run: while no tenant exists, whoever holds the token the server printed at start may
 * create the first tenant and its admin. Afterwards the token is forgotten and set-up refuses.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto'

import { conflict, HttpError } from '../http/http-error.js'
import { newOperatorRow } from '../operators/operators.js'
import type { Services } from '../services.js'
import { anyTenantExists, DEFAULT_BRAND_COLOR, slugProblem } from '../tenants/tenants.js'
import { insertFirstTenant } from './store.js'

export interface SetupInput {
  readonly token: string
  readonly tenantName: string
  readonly tenantSlug: string
  readonly adminName: string
  readonly adminEmail: string
  readonly password: string
}

export async function needsSetup(services: Services): Promise<boolean> {
  return !(await anyTenantExists(services))
}

const alreadySetUp = () => conflict('already-set-up', 'This server has already been set up.')

/** Compares through SHA-256 so neither the length nor the content leaks through timing. */
export function tokenMatches(expected: string | null, given: string): boolean {
  if (expected === null) return false
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()
  return timingSafeEqual(digest(expected), digest(given))
}

/** Creates the first tenant and admin; returns their ids. */
export async function runSetup(
  services: Services,
  input: SetupInput,
  hashPassword: (password: string) => Promise<string>,
): Promise<{ tenantId: string; operatorId: string }> {
  if (!(await needsSetup(services))) throw alreadySetUp()
  if (!tokenMatches(services.setup.token, input.token)) {
    throw new HttpError(
      403,
      'setup-token-invalid',
      'The set-up token is wrong. Use the one the server printed when it started.',
    )
  }
  const problem = slugProblem(input.tenantSlug)
  if (problem !== null)
    throw new HttpError(400, 'invalid-request', problem, { field: 'tenantSlug' })

  const tenantId = randomUUID()
  const admin = newOperatorRow(services, {
    tenantId,
    email: input.adminEmail,
    displayName: input.adminName,
    role: 'admin',
    passwordHash: await hashPassword(input.password),
  })
  const created = await insertFirstTenant(
    services.db,
    services.store.dialect,
    {
      id: tenantId,
      slug: input.tenantSlug,
      name: input.tenantName.trim(),
      brand_color: DEFAULT_BRAND_COLOR,
      logo_url: null,
      retention_days: services.config.defaultRetentionDays,
      created_at: services.clock.now().toISOString(),
    },
    admin,
  )
  if (!created) throw alreadySetUp()
  services.setup.token = null
  return { tenantId, operatorId: admin.id }
}
