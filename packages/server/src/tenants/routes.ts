import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { adminOnly, operatorOnly } from '../auth/guards.js'
import { requireAdmin, requireOperator } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { TenantPatchSchema, TenantSchema } from './schemas.js'
import { getTenant, updateTenant } from './tenants.js'

const TenantAnswer = Type.Object({ tenant: TenantSchema })

/** The caller's own company settings (docs/api.md "Tenant"). */
export const tenantsRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  app.get(
    '/tenant',
    { onRequest: operatorOnly, schema: { tags: ['tenant'], response: { 200: TenantAnswer } } },
    async (request) => {
      const principal = requireOperator(request)
      return { tenant: await getTenant(services, principal.tenantId) }
    },
  )

  app.patch(
    '/tenant',
    {
      onRequest: adminOnly,
      schema: { tags: ['tenant'], body: TenantPatchSchema, response: { 200: TenantAnswer } },
    },
    async (request) => {
      const principal = requireAdmin(request)
      return { tenant: await updateTenant(services, principal, request.body, request.ip) }
    },
  )
  return Promise.resolve()
}
