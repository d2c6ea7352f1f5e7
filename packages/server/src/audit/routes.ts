/** The tenant's audit log for admins (docs/api.md "Audit log"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { requireAdmin } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { listAuditEvents } from './store.js'

const AuditEventSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
  operatorId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(
    Type.String(),
    Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
  ),
  createdAt: Type.String(),
})

export const auditRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: "The tenant's security events, newest first (admins)",
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ events: Type.Array(AuditEventSchema) }) },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      const events = await listAuditEvents(
        services.db,
        principal.tenantId,
        request.query.limit ?? 100,
      )
      return {
        events: events.map((event) => ({
          id: event.id,
          kind: event.kind,
          ip: event.ip,
          operatorId: event.operatorId,
          detail: event.detail,
          createdAt: event.createdAt,
        })),
      }
    },
  )
  return Promise.resolve()
}
