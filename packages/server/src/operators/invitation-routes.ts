import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { defaultPasswordHasher } from '../auth/passwords.js'
import { AuthAnswerSchema, PasswordSchema } from '../auth/schemas.js'
import { logIn } from '../auth/session-cookie.js'
import type { FeatureOptions } from '../services.js'
import { acceptInvitation, findInvitation } from './invitations.js'
import { InvitationSchema } from './schemas.js'

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) })

/** Public: the invited person opens the link and chooses a password. */
export const invitationRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  app.get(
    '/invitations/:token',
    { schema: { tags: ['operators'], params: TokenParams, response: { 200: InvitationSchema } } },
    async (request) => findInvitation(services, request.params.token),
  )

  app.post(
    '/invitations/:token/accept',
    {
      config: { checkOrigin: true },
      schema: {
        tags: ['operators'],
        params: TokenParams,
        body: Type.Object({ password: PasswordSchema }, { additionalProperties: false }),
        response: { 200: AuthAnswerSchema },
      },
    },
    async (request, reply) => {
      const accepted = await acceptInvitation(services, request.params.token, () =>
        defaultPasswordHasher.hash(request.body.password),
      )
      return logIn(services, request, reply, {
        id: accepted.operatorId,
        tenantId: accepted.tenantId,
      })
    },
  )
  return Promise.resolve()
}
