/**
 * The public link of an e-mail invitation: GET /i/<token> leads to the join page of its
 * number in the mail's language (303), or says plainly that the link has expired. Rate-limited
 * per client address like /join; logged by route pattern only, so the token never reaches
 * the log (http/logger.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { AddressLimiter, PAGE_VIEW_LIMITS } from '../http/public-pages/address-limiter.js'
import { pickPageLanguage } from '../http/public-pages/language.js'
import { sendPublicPage } from '../http/public-pages/send-page.js'
import type { FeatureOptions } from '../services.js'
import { followLink } from './invitations.js'
import { renderExpiredLink, renderUnknownLink } from './link-page.js'

export const invitationLinkRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (
  app,
  { services },
) => {
  // Link opens per client address: the same allowance as the join page.
  const limiter = new AddressLimiter(PAGE_VIEW_LIMITS, services.clock)

  app.get(
    '/i/:token',
    {
      config: { ignoresSession: true },
      schema: { hide: true, params: Type.Object({ token: Type.String({ maxLength: 256 }) }) },
    },
    async (request, reply) => {
      const fallback = pickPageLanguage(undefined, request.headers['accept-language'])
      const verdict = limiter.admit(request.ip)
      if (!verdict.allowed) {
        return reply
          .code(429)
          .header('retry-after', String(verdict.retryAfterSeconds))
          .header('cache-control', 'no-store')
          .type('text/plain; charset=utf-8')
          .send(
            fallback === 'ja'
              ? 'アクセスが多すぎます。しばらくしてからもう一度お試しください。'
              : 'Too many requests. Please try again in a few minutes.',
          )
      }
      const target = await followLink(services, request.params.token)
      switch (target.kind) {
        case 'open':
          return reply
            .header('cache-control', 'no-store')
            .redirect(`/join/${target.code}?lang=${target.language}`, 303)
        case 'closed':
          return sendPublicPage(
            reply,
            { status: 410, language: target.language, vary: null },
            renderExpiredLink(target.language, target.companyName),
          )
        case 'unknown':
          return sendPublicPage(
            reply,
            { status: 404, language: fallback, vary: null },
            renderUnknownLink(fallback),
          )
      }
    },
  )
  return Promise.resolve()
}
