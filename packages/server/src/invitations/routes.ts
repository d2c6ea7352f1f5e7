/** E-mail invitations for operators and API keys (docs/api.md "E-mail invitations"). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { badRequest, HttpError } from '../http/http-error.js'
import { requireOperator } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { CodeSpaceExhaustedError } from '../sessions/code-generator.js'
import { SessionIdParams } from '../sessions/schemas.js'
import { isTimeZone } from './expiry-text.js'
import { inviteBySessionMail, listInvitations, resendInvitation } from './invitations.js'
import {
  InvitationListResponse,
  InvitationResponse,
  InvitedResponse,
  InviteBodySchema,
} from './schemas.js'

export const invitationsRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  const { config } = services

  app.post(
    '/sessions/invitations',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Issue a session number and e-mail its link to the customer',
        body: InviteBodySchema({
          min: config.sessionCodeMinMinutes,
          max: config.sessionCodeMaxMinutes,
          default: config.sessionCodeDefaultMinutes,
        }),
        response: { 201: InvitedResponse },
      },
    },
    async (request, reply) => {
      const principal = requireOperator(request)
      const { email, language } = request.body
      const timeZone = request.body.timeZone ?? 'UTC'
      if (!isTimeZone(timeZone)) {
        throw badRequest(
          'invalid-request',
          'timeZone: must be an IANA time zone such as Asia/Tokyo or Europe/London',
          { field: 'timeZone', location: 'body' },
        )
      }
      try {
        const invited = await inviteBySessionMail(
          services,
          principal,
          {
            email,
            language,
            timeZone,
            expiresInMinutes: request.body.expiresInMinutes ?? config.sessionCodeDefaultMinutes,
          },
          request.ip,
        )
        return await reply.code(201).send(invited)
      } catch (error) {
        if (error instanceof CodeSpaceExhaustedError) {
          throw new HttpError(
            503,
            'codes-exhausted',
            'No session number is free at the moment. Please try again in a minute.',
          )
        }
        throw error
      }
    },
  )

  app.get(
    '/sessions/invitations',
    {
      schema: {
        tags: ['sessions'],
        summary: 'E-mail invitations, newest first, with their delivery state',
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: InvitationListResponse },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      return {
        invitations: await listInvitations(services, principal, request.query.limit ?? 100),
      }
    },
  )

  app.post(
    '/sessions/:id/invitation/resend',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Send the invitation again with a fresh link (the old link stops working)',
        params: SessionIdParams,
        response: { 200: InvitationResponse },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      return { invitation: await resendInvitation(services, principal, request.params.id) }
    },
  )
  return Promise.resolve()
}
