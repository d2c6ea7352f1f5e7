import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { AuditKind } from '../audit/audit.js'
import { HttpError } from '../http/http-error.js'
import { requireOperator } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { consoleOnly, operatorOnly } from './guards.js'
import { LoginGuard } from './login.js'
import { AuthAnswerSchema, LoginBodySchema, PasswordChangeSchema } from './schemas.js'
import { authAnswer, clearSessionCookie, logIn } from './session-cookie.js'
import { findOperatorById, setPasswordHash } from './store.js'
import { totpRoutes } from './totp-routes.js'
import { endOperatorWebSessions, endWebSession } from './web-sessions.js'

const NoContent = { 204: Type.Null({ description: 'Done.' }) }

/** Log-in, log-out, who am I, password and TOTP (docs/api.md "Log-in"). */
export const authRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { services }) => {
  const guard = new LoginGuard(services)

  app.post(
    '/auth/login',
    {
      config: { checkOrigin: true },
      schema: { tags: ['auth'], body: LoginBodySchema, response: { 200: AuthAnswerSchema } },
    },
    async (request, reply) => {
      const operator = await guard.login({ ...request.body, ip: request.ip })
      return logIn(services, request, reply, { id: operator.id, tenantId: operator.tenant_id })
    },
  )

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], response: NoContent } },
    async (request, reply) => {
      const idHash = request.principal?.webSessionIdHash ?? null
      if (idHash !== null) await endWebSession(services, idHash)
      clearSessionCookie(reply)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/auth/logout-all',
    { onRequest: operatorOnly, schema: { tags: ['auth'], response: NoContent } },
    async (request, reply) => {
      const principal = requireOperator(request)
      const ended = await endOperatorWebSessions(services, principal.operatorId)
      await services.audit.record({
        tenantId: principal.tenantId,
        kind: AuditKind.LogoutEverywhere,
        ip: request.ip,
        operatorId: principal.operatorId,
        detail: { sessionsEnded: ended },
      })
      clearSessionCookie(reply)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/auth/me',
    { onRequest: operatorOnly, schema: { tags: ['auth'], response: { 200: AuthAnswerSchema } } },
    async (request) => {
      const principal = requireOperator(request)
      return authAnswer(services, principal.tenantId, principal.operatorId, principal.csrfToken)
    },
  )

  app.post(
    '/auth/password',
    {
      onRequest: consoleOnly,
      schema: { tags: ['auth'], body: PasswordChangeSchema, response: NoContent },
    },
    async (request, reply) => {
      const principal = requireOperator(request)
      guard.assertAddressAllowed(request.ip)
      const operator = await findOperatorById(services.db, principal.tenantId, principal.operatorId)
      const hasher = guard.passwordHasher
      const { currentPassword, newPassword } = request.body
      if (
        operator?.password_hash == null ||
        !(await hasher.verify(operator.password_hash, currentPassword))
      ) {
        guard.recordSecretFailure(request.ip)
        throw new HttpError(400, 'wrong-password', 'The current password is wrong.', {
          field: 'currentPassword',
        })
      }
      await setPasswordHash(services.db, operator.id, await hasher.hash(newPassword))
      await endOperatorWebSessions(services, operator.id, principal.webSessionIdHash)
      await services.audit.record({
        tenantId: principal.tenantId,
        kind: AuditKind.OperatorChanged,
        ip: request.ip,
        operatorId: principal.operatorId,
        detail: { targetOperatorId: operator.id, passwordChanged: true },
      })
      return reply.code(204).send(null)
    },
  )

  await app.register(totpRoutes, { services, guard })
}
