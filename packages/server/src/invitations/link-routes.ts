/**
 * The public link of an e-mail invitation: GET /i/<token> leads to the join page of its
 * number in the mail's language (303), or says plainly that the link has expired. Rate-limited
 * per client address like /join; logged by route pattern only, so the token never reaches
 * the log (http/logger.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply } from 'fastify'

import { pickJoinLanguage } from '../join/language.js'
import { AttemptLimiter, type AttemptLimiterOptions } from '../limits/attempt-limiter.js'
import { ipRateKey } from '../limits/ip-key.js'
import type { FeatureOptions } from '../services.js'
import type { InvitationLanguage } from '../store/schema.js'
import { followLink } from './invitations.js'
import { renderExpiredLink, renderUnknownLink } from './link-page.js'

const MINUTE = 60_000

/** Link opens per client address (IPv6 per /64): the same allowance as the join page. */
export const INVITATION_LINK_LIMITS: AttemptLimiterOptions = {
  maxFailures: 30,
  windowMs: 10 * MINUTE,
  firstLockoutMs: MINUTE,
  maxLockoutMs: 30 * MINUTE,
}

export const invitationLinkRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (
  app,
  { services },
) => {
  const limiter = new AttemptLimiter(INVITATION_LINK_LIMITS, services.clock)

  app.get(
    '/i/:token',
    {
      config: { ignoresSession: true },
      schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 256 }) }) },
    },
    async (request, reply) => {
      const fallback = pickJoinLanguage(undefined, request.headers['accept-language'])
      const key = ipRateKey(request.ip)
      const verdict = limiter.check(key)
      if (!verdict.allowed) {
        const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))
        return reply
          .code(429)
          .header('retry-after', String(seconds))
          .header('cache-control', 'no-store')
          .type('text/plain; charset=utf-8')
          .send(
            fallback === 'ja'
              ? 'アクセスが多すぎます。しばらくしてからもう一度お試しください。'
              : 'Too many requests. Please try again in a few minutes.',
          )
      }
      limiter.fail(key)
      const target = await followLink(services, request.params.token)
      switch (target.kind) {
        case 'open':
          return reply
            .header('cache-control', 'no-store')
            .redirect(`/join/${target.code}?lang=${target.language}`, 303)
        case 'closed':
          return sendPage(
            reply,
            410,
            target.language,
            renderExpiredLink(target.language, target.companyName),
          )
        case 'unknown':
          return sendPage(reply, 404, fallback, renderUnknownLink(fallback))
      }
    },
  )
  return Promise.resolve()
}

function sendPage(
  reply: FastifyReply,
  status: number,
  language: InvitationLanguage,
  page: string,
): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-language', language)
    .send(page)
}
