import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { adminOnly } from '../auth/guards.js'
import { notFound } from '../http/http-error.js'
import { requireAdmin } from '../http/principal.js'
import { PRINTABLE_TEXT_PATTERN } from '../operators/schemas.js'
import type { FeatureOptions } from '../services.js'
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.js'

const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key.' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

const CreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100, pattern: PRINTABLE_TEXT_PATTERN }) },
  { additionalProperties: false },
)

/** The tenant's API keys, for admins (docs/api.md "API keys"). */
export const apiKeysRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  app.addHook('onRequest', adminOnly)

  app.get(
    '/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        response: { 200: Type.Object({ apiKeys: Type.Array(ApiKeySchema) }) },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      return { apiKeys: await listApiKeys(services, principal.tenantId) }
    },
  )

  app.post(
    '/api-keys',
    {
      schema: {
        tags: ['api-keys'],
        body: CreateBody,
        response: {
          201: Type.Object({
            apiKey: ApiKeySchema,
            secret: Type.String({ description: 'The whole key; shown only this once.' }),
          }),
        },
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request)
      const created = await createApiKey(services, principal, request.body.name.trim(), request.ip)
      return reply.code(201).send(created)
    },
  )

  app.delete(
    '/api-keys/:id',
    {
      schema: {
        tags: ['api-keys'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 204: Type.Null({ description: 'Revoked.' }) },
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request)
      if (!(await revokeApiKey(services, principal, request.params.id, request.ip))) {
        throw notFound('The API key')
      }
      return reply.code(204).send(null)
    },
  )
  return Promise.resolve()
}
