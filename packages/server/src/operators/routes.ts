import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { adminOnly } from '../auth/guards.js'
import { requireAdmin } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { inviteOperator, reinviteOperator } from './invitations.js'
import { changeOperator, listOperators } from './operators.js'
import { InviteBodySchema, InvitedSchema, OperatorPatchSchema, OperatorSchema } from './schemas.js'

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) })

/** The tenant's operators, for admins (docs/api.md "Operators"). */
export const operatorsRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  app.addHook('onRequest', adminOnly)

  app.get(
    '/operators',
    {
      schema: {
        tags: ['operators'],
        response: { 200: Type.Object({ operators: Type.Array(OperatorSchema) }) },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      return { operators: await listOperators(services, principal.tenantId) }
    },
  )

  app.post(
    '/operators',
    { schema: { tags: ['operators'], body: InviteBodySchema, response: { 201: InvitedSchema } } },
    async (request, reply) => {
      const principal = requireAdmin(request)
      const invited = await inviteOperator(services, principal, request.body, request.ip)
      return reply.code(201).send(invited)
    },
  )

  app.patch(
    '/operators/:id',
    {
      schema: {
        tags: ['operators'],
        params: IdParams,
        body: OperatorPatchSchema,
        response: { 200: Type.Object({ operator: OperatorSchema }) },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      const operator = await changeOperator(
        services,
        principal,
        request.params.id,
        request.body,
        request.ip,
      )
      return { operator }
    },
  )

  app.post(
    '/operators/:id/invitation',
    {
      schema: {
        tags: ['operators'],
        description: 'A new invitation link for an operator who has not set a password yet.',
        params: IdParams,
        response: { 201: InvitedSchema },
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request)
      const invited = await reinviteOperator(services, principal, request.params.id, request.ip)
      return reply.code(201).send(invited)
    },
  )
  return Promise.resolve()
}
