import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { AuditKind } from '../audit/audit.js'
import { conflict } from '../http/http-error.js'
import { requireOperator } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { consoleOnly } from './guards.js'
import { type LoginGuard, totpInvalid } from './login.js'
import { TotpCodeBodySchema, TotpSetupSchema } from './schemas.js'
import { findOperatorById, setTotp } from './store.js'
import { generateTotpSecret, otpauthUrl } from './totp.js'

const NoContent = { 204: Type.Null({ description: 'Done.' }) }

/** The optional second factor: set up (secret shown once), enable, disable. */
export const totpRoutes: FastifyPluginAsyncTypebox<FeatureOptions & { guard: LoginGuard }> = (
  app,
  { services, guard },
) => {
  app.addHook('onRequest', consoleOnly)

  const currentOperator = async (tenantId: string, operatorId: string) => {
    const operator = await findOperatorById(services.db, tenantId, operatorId)
    if (operator === null) throw new Error('the logged-in operator vanished')
    return operator
  }

  /** Checks a code against the operator's secret; a wrong one counts against the address. */
  const requireValidCode = async (
    secretCipher: string,
    operator: { id: string; totp_last_step: number },
    code: string,
    ip: string,
  ): Promise<void> => {
    const secret = services.ciphers.totp.decrypt(secretCipher)
    const step = await guard.checkTotp(secret, operator.id, code, operator.totp_last_step)
    if (step === null) {
      guard.recordSecretFailure(ip)
      throw totpInvalid(400)
    }
  }

  app.post(
    '/auth/totp/setup',
    { schema: { tags: ['auth'], response: { 200: TotpSetupSchema } } },
    async (request) => {
      const principal = requireOperator(request)
      const operator = await currentOperator(principal.tenantId, principal.operatorId)
      if (operator.totp_enabled !== 0) {
        throw conflict('totp-already-enabled', 'Two-step log-in is already on; turn it off first.')
      }
      const secret = generateTotpSecret()
      await setTotp(services.db, operator.id, {
        secretCipher: services.ciphers.totp.encrypt(secret),
        enabled: false,
        lastStep: 0,
      })
      const email = services.ciphers.email.decrypt(operator.email_cipher)
      return { secret, otpauthUrl: otpauthUrl(email, secret) }
    },
  )

  app.post(
    '/auth/totp/enable',
    { schema: { tags: ['auth'], body: TotpCodeBodySchema, response: NoContent } },
    async (request, reply) => {
      const principal = requireOperator(request)
      guard.assertAddressAllowed(request.ip)
      const operator = await currentOperator(principal.tenantId, principal.operatorId)
      if (operator.totp_enabled !== 0) {
        throw conflict('totp-already-enabled', 'Two-step log-in is already on.')
      }
      if (operator.totp_secret_cipher === null) {
        throw conflict('totp-not-set-up', 'Start the set-up first (POST /auth/totp/setup).')
      }
      await requireValidCode(operator.totp_secret_cipher, operator, request.body.code, request.ip)
      await setTotp(services.db, operator.id, {
        secretCipher: operator.totp_secret_cipher,
        enabled: true,
      })
      await services.audit.record({
        tenantId: principal.tenantId,
        kind: AuditKind.TotpEnabled,
        ip: request.ip,
        operatorId: principal.operatorId,
      })
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/auth/totp/disable',
    { schema: { tags: ['auth'], body: TotpCodeBodySchema, response: NoContent } },
    async (request, reply) => {
      const principal = requireOperator(request)
      guard.assertAddressAllowed(request.ip)
      const operator = await currentOperator(principal.tenantId, principal.operatorId)
      if (operator.totp_enabled === 0 || operator.totp_secret_cipher === null) {
        throw conflict('totp-not-enabled', 'Two-step log-in is not on.')
      }
      await requireValidCode(operator.totp_secret_cipher, operator, request.body.code, request.ip)
      await setTotp(services.db, operator.id, { secretCipher: null, enabled: false })
      await services.audit.record({
        tenantId: principal.tenantId,
        kind: AuditKind.TotpDisabled,
        ip: request.ip,
        operatorId: principal.operatorId,
      })
      return reply.code(204).send(null)
    },
  )
  return Promise.resolve()
}
