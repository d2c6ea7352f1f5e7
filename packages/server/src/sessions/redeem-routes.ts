/**
 * POST /redeem (public): a customer exchanges a session number for an agent token
 * (docs/api.md "Customer redemption"). Messages are written for customers; the entry page
 * translates them by `code`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { HttpError, tooManyRequests } from '../http/http-error.js'
import type { FeatureOptions } from '../services.js'
import { describeCodeInputProblem } from './code-input.js'
import { RedeemGuard } from './redeem-guard.js'
import { type RedeemFailure, redeem } from './redeem.js'

const AGAIN = 'Please ask your support contact for a new number.'

export interface RedeemRouteOptions extends FeatureOptions {
  /** The limits, when another route shares them (the entry page's number check). */
  readonly guard?: RedeemGuard
}

export const redeemRoutes: FastifyPluginAsyncTypebox<RedeemRouteOptions> = (app, options) => {
  const { services } = options
  const guard = options.guard ?? new RedeemGuard(services.clock)

  app.post(
    '/redeem',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['redemption'],
        summary: 'Redeem a session number (customers; no log-in)',
        body: Type.Object(
          {
            code: Type.String({
              maxLength: 200,
              description: 'As typed: spaces, hyphens and full-width digits are accepted',
            }),
            tenantSlug: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            sessionId: Type.String(),
            agentToken: Type.String(),
            tenant: Type.Object({ name: Type.String(), slug: Type.String() }),
            operator: Type.Object({ displayName: Type.String() }),
            expiresAt: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const result = await redeem(services, guard, {
        code: request.body.code,
        tenantSlug: request.body.tenantSlug ?? null,
        ip: request.ip,
      })
      if (result.ok) return result.redemption
      for (const scope of result.lockedOut) {
        // Bursts of wrong numbers are what an attack looks like: say so, without the number.
        request.log.warn({ scope }, 'session-number redemption locked out after repeated failures')
      }
      throw toHttpError(result.failure)
    },
  )
  return Promise.resolve()
}

function toHttpError(failure: RedeemFailure): HttpError {
  switch (failure.kind) {
    case 'invalid-code':
      return new HttpError(400, 'invalid-code', describeCodeInputProblem(failure.reason), {
        reason: failure.reason,
      })
    case 'unknown-code':
      return new HttpError(
        404,
        'unknown-code',
        'This session number does not exist. Please check the number and try again.',
      )
    case 'expired-code':
      return new HttpError(410, 'expired-code', `This session number has expired. ${AGAIN}`)
    case 'cancelled-code':
      // Same code as an expired number (the console knows only the codes in docs/api.md).
      return new HttpError(410, 'expired-code', `This session number was withdrawn. ${AGAIN}`, {
        reason: 'cancelled',
      })
    case 'used-code':
      return new HttpError(409, 'used-code', `This session number has already been used. ${AGAIN}`)
    case 'rate-limited':
      return tooManyRequests(
        failure.scope === 'address'
          ? 'Too many attempts from your network. Please wait a little and try again.'
          : `Too many attempts with this session number. Please wait a little, or ask your support contact for a new number.`,
        Math.max(1, Math.ceil(failure.retryAfterMs / 1000)),
      )
  }
}
