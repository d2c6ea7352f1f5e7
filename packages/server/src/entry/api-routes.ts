/**
 * The entry page's API (docs/api.md "Customer entry page"), public, no log-in:
 * POST /entry/:slug/check checks a number against one tenant without using it up and answers
 * with a status handle; GET /entry/status/:handle says where that session stands. A number
 * of another tenant answers exactly like an unknown one. Requests are logged by route pattern
 * only, and bodies never, so neither the number nor the handle reaches the log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import type { AgentDownloads } from '../downloads/downloads.js'
import { AGENT_PLATFORMS } from '../downloads/platforms.js'
import { HttpError, notFound, tooManyRequests } from '../http/http-error.js'
import { AddressLimiter } from '../http/public-pages/address-limiter.js'
import { detectSystem } from '../join/user-agent.js'
import type { FeatureOptions } from '../services.js'
import { describeCodeInputProblem } from '../sessions/code-input.js'
import type { RedeemGuard } from '../sessions/redeem-guard.js'
import { type CheckFailure, checkNumber, findEntryTenant, statusOf } from './entry.js'
import { ENTRY_STATUS_LIMITS, pollUntil } from './limits.js'
import { programLinks, splitForSystem } from './programs.js'

export interface EntryRouteOptions extends FeatureOptions {
  /** The redemption limits, shared with POST /redeem. */
  readonly guard: RedeemGuard
  readonly downloads: AgentDownloads
}

const AGAIN = 'Please ask your support contact for a new number.'

const DownloadSchema = Type.Object({
  platform: Type.Union(AGENT_PLATFORMS.map((p) => Type.Literal(p))),
  href: Type.String(),
  fileName: Type.String(),
})

export const entryApiRoutes: FastifyPluginAsyncTypebox<EntryRouteOptions> = (
  app,
  { services, guard, downloads },
) => {
  const statusLimiter = new AddressLimiter(ENTRY_STATUS_LIMITS, services.clock)

  app.post(
    '/entry/:slug/check',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['entry'],
        summary: "Check a session number on a tenant's entry page without using it (public)",
        security: [],
        params: Type.Object({ slug: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object(
          {
            code: Type.String({
              maxLength: 200,
              description: 'As typed: spaces, hyphens and full-width digits are accepted',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            handle: Type.String({
              description: 'Follows this session: GET /entry/status/{handle}',
            }),
            statusUrl: Type.String(),
            nextStepsUrl: Type.String({ description: 'The next-steps page for this handle' }),
            expiresAt: Type.String({ description: 'When the unused number runs out' }),
            download: Type.Union([DownloadSchema, Type.Null()], {
              description: "The program bound to the number for the caller's system (User-Agent)",
            }),
          }),
        },
      },
    },
    async (request) => {
      const tenant = await findEntryTenant(services, request.params.slug)
      if (tenant === null) throw notFound('The entry page')
      const result = await checkNumber(services, guard, {
        tenant,
        typed: request.body.code,
        ip: request.ip,
      })
      if (!result.ok) {
        for (const scope of result.lockedOut) {
          request.log.warn({ scope }, 'entry-page number checks locked out after repeated failures')
        }
        throw toHttpError(result.failure)
      }
      const { primary } = splitForSystem(
        await downloads
          .manifest()
          .then((m) => programLinks(m, result.code))
          .catch(() => []),
        detectSystem(request.headers['user-agent']),
      )
      return {
        handle: result.handle,
        statusUrl: `/api/v1/entry/status/${result.handle}`,
        nextStepsUrl: `/s/${tenant.slug}/session/${result.handle}`,
        expiresAt: result.expiresAt,
        download:
          primary === null
            ? null
            : { platform: primary.platform, href: primary.href, fileName: primary.fileName },
      }
    },
  )

  app.get(
    '/entry/status/:handle',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['entry'],
        summary: 'Where a session followed from the entry page stands (public)',
        security: [],
        params: Type.Object({ handle: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({
            status: Type.Union([
              Type.Literal('waiting-for-program'),
              Type.Literal('waiting-for-consent'),
              Type.Literal('connected'),
              Type.Literal('ended'),
            ]),
            outcome: Type.Union([Type.String(), Type.Null()], {
              description:
                'For ended: completed, declined, cancelled, expired, not-connected, failed',
            }),
            expiresAt: Type.String(),
            endedAt: Type.Union([Type.String(), Type.Null()]),
            pollUntil: Type.String({ description: 'Ask again until then, every 2 s or so' }),
          }),
        },
      },
    },
    async (request) => {
      const verdict = statusLimiter.admit(request.ip)
      if (!verdict.allowed) {
        throw tooManyRequests(
          'Too many requests from your network. Please wait a little and try again.',
          verdict.retryAfterSeconds,
        )
      }
      const view = await statusOf(services, request.params.handle)
      if (view === null) throw notFound('The session status')
      return {
        status: view.status,
        outcome: view.outcome,
        expiresAt: view.expiresAt,
        endedAt: view.endedAt,
        pollUntil: pollUntil(view, services.clock.now()),
      }
    },
  )
  return Promise.resolve()
}

export function toHttpError(failure: CheckFailure): HttpError {
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
    case 'used-code':
      return new HttpError(409, 'used-code', `This session number has already been used. ${AGAIN}`)
    case 'rate-limited':
      return tooManyRequests(
        failure.scope === 'address'
          ? 'Too many attempts from your network. Please wait a little and try again.'
          : 'Too many attempts with this session number. Please wait a little, or ask your support contact for a new number.',
        Math.max(1, Math.ceil(failure.retryAfterMs / 1000)),
      )
  }
}
