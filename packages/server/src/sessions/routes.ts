/** Support sessions for operators and API keys (docs/api.md "Support sessions"). */
import { SessionEndReason } from '@tasuke/protocol'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { AuditKind } from '../audit/audit.js'
import { conflict, HttpError, notFound } from '../http/http-error.js'
import { requireOperator } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { CodeSpaceExhaustedError } from './code-generator.js'
import { SessionIdParams, SessionResponse, SessionSchema, StringEnum } from './schemas.js'
import { cancelSession, createSession, getSession, listSessions } from './sessions.js'

export const sessionsRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  const { config } = services

  app.post(
    '/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Issue a new 8-digit session number',
        body: Type.Object(
          {
            expiresInMinutes: Type.Optional(
              Type.Integer({
                minimum: config.sessionCodeMinMinutes,
                maximum: config.sessionCodeMaxMinutes,
                description: `Minutes until the number expires (default ${config.sessionCodeDefaultMinutes})`,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: SessionResponse },
      },
    },
    async (request, reply) => {
      const principal = requireOperator(request)
      try {
        const session = await createSession(services, {
          tenantId: principal.tenantId,
          operatorId: principal.operatorId,
          method: 'code',
          expiresInMinutes: request.body.expiresInMinutes ?? config.sessionCodeDefaultMinutes,
          operatorIp: request.ip,
        })
        services.metrics.sessionsCreated.inc({ method: session.method })
        return await reply.code(201).send({ session })
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
    '/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'List support sessions, newest first',
        querystring: Type.Object({
          scope: Type.Optional(StringEnum(['live', 'all'] as const)),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        }),
        response: { 200: Type.Object({ sessions: Type.Array(SessionSchema) }) },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      const sessions = await listSessions(services, principal, {
        scope: request.query.scope ?? 'live',
        limit: request.query.limit ?? 100,
      })
      return { sessions }
    },
  )

  app.get(
    '/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'One support session',
        params: SessionIdParams,
        response: { 200: SessionResponse },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      const session = await getSession(services, principal, request.params.id)
      if (session === null) throw notFound('The session')
      return { session }
    },
  )

  app.post(
    '/sessions/:id/cancel',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Withdraw a session number that has not been used yet',
        params: SessionIdParams,
        response: { 200: SessionResponse },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      const result = await cancelSession(services, principal, request.params.id)
      if (!result.ok) {
        if (result.reason === 'not-found') throw notFound('The session')
        throw conflict(
          'not-cancellable',
          'This session is already running or over and can no longer be cancelled.',
        )
      }
      services.metrics.sessionsCancelled.inc()
      // A customer's program may already be connected and waiting for consent: end it there
      // too, on whichever node relays it.
      await services.cluster.publish({
        type: 'end-session',
        sessionId: result.session.id,
        reason: SessionEndReason.OperatorEnded,
      })
      await services.audit.record({
        tenantId: principal.tenantId,
        kind: AuditKind.SessionCancelled,
        ip: request.ip,
        operatorId: principal.operatorId,
        detail: { sessionId: result.session.id },
      })
      return { session: result.session }
    },
  )
  return Promise.resolve()
}
