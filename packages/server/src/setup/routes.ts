import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { defaultPasswordHasher } from '../auth/passwords.js'
import { AuthAnswerSchema, PasswordSchema } from '../auth/schemas.js'
import { logIn } from '../auth/session-cookie.js'
import { DisplayNameSchema, EmailSchema } from '../operators/schemas.js'
import type { FeatureOptions } from '../services.js'
import { TenantNameSchema, TenantSlugSchema } from '../tenants/schemas.js'
import { needsSetup, runSetup } from './setup.js'

const SetupBodySchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    tenantName: TenantNameSchema,
    tenantSlug: TenantSlugSchema,
    adminName: DisplayNameSchema,
    adminEmail: EmailSchema,
    password: PasswordSchema,
  },
  { additionalProperties: false },
)

/** First run (docs/api.md "First run"). */
export const setupRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  app.get(
    '/setup/status',
    {
      schema: {
        tags: ['setup'],
        response: { 200: Type.Object({ needsSetup: Type.Boolean() }) },
      },
    },
    async () => ({ needsSetup: await needsSetup(services) }),
  )

  app.post(
    '/setup',
    {
      config: { checkOrigin: true },
      schema: { tags: ['setup'], body: SetupBodySchema, response: { 201: AuthAnswerSchema } },
    },
    async (request, reply) => {
      const created = await runSetup(services, request.body, (password) =>
        defaultPasswordHasher.hash(password),
      )
      const answer = await logIn(services, request, reply, {
        id: created.operatorId,
        tenantId: created.tenantId,
      })
      return reply.code(201).send(answer)
    },
  )
  return Promise.resolve()
}
