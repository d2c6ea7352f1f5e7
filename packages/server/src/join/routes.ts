/**
 * The customer's landing page (public, no log-in, no script): GET /join/:code shows the
 * number, the program for the customer's system with its size and SHA-256, and three steps;
 * GET /join shows a form to type the number (GET /join?code=… goes on to /join/<code>).
 * The number is only checked for its form, never looked up, exactly as the download route
 * does, so this page cannot be used to test numbers past the redemption limits. Requests are
 * logged by route pattern only (http/logger.ts), so the number never reaches the log.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { normaliseSessionCode } from '@tasuke/protocol'
import type { FastifyReply, FastifyRequest } from 'fastify'

import { pickEncoding } from '../downloads/accept-encoding.js'
import { type AgentDownloads, isPreparationError, type Manifest } from '../downloads/downloads.js'
import { downloadFileName } from '../downloads/platforms.js'
import { AddressLimiter, PAGE_VIEW_LIMITS } from '../http/public-pages/address-limiter.js'
import {
  isPageLanguage,
  otherLanguageHref,
  type PageLanguage,
  pickPageLanguage,
} from '../http/public-pages/language.js'
import { sendPublicPage } from '../http/public-pages/send-page.js'
import type { FeatureOptions } from '../services.js'
import {
  JOIN_STYLESHEET_PATH,
  type JoinDownload,
  renderCodeForm,
  renderJoinPage,
  renderRateLimited,
  renderUnavailable,
} from './page.js'
import { JOIN_PAGE_CSS } from './style.js'
import { detectSystem } from './user-agent.js'

export interface JoinRouteOptions extends FeatureOptions {
  /** The same downloads the /api/v1/agent/downloads routes serve. */
  readonly downloads: AgentDownloads
}

const LanguageQuery = Type.Optional(Type.String({ maxLength: 16 }))
const TypedCode = Type.String({ maxLength: 256 })

export const joinRoutes: FastifyPluginAsyncTypebox<JoinRouteOptions> = (
  app,
  { services, downloads },
) => {
  // Page views per client address, as many as the download route allows.
  const limiter = new AddressLimiter(PAGE_VIEW_LIMITS, services.clock)
  /** Counts the request; false (and the answer sent) when the address must wait. */
  const admit = (request: FastifyRequest, reply: FastifyReply, language: PageLanguage) => {
    const verdict = limiter.admit(request.ip)
    if (verdict.allowed) return true
    void sendPage(
      reply,
      429,
      language,
      renderRateLimited({ language, otherLanguageHref: otherLanguageHref('/join', language) }),
      verdict.retryAfterSeconds,
    )
    return false
  }

  app.get(
    JOIN_STYLESHEET_PATH,
    { config: { ignoresSession: true }, schema: { hide: true } },
    (_request, reply) =>
      reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(JOIN_PAGE_CSS),
  )

  app.get(
    '/join',
    {
      config: { ignoresSession: true },
      schema: {
        hide: true,
        querystring: Type.Object({ code: Type.Optional(TypedCode), lang: LanguageQuery }),
      },
    },
    (request, reply) => {
      const { code: typed, lang } = request.query
      const language = pickPageLanguage(lang, request.headers['accept-language'])
      const chosenLanguage = isPageLanguage(lang) ? lang : null
      if (!admit(request, reply, language)) return reply
      const other = otherLanguageHref('/join', language)
      if (typed === undefined) {
        return sendPage(
          reply,
          200,
          language,
          renderCodeForm({
            language,
            otherLanguageHref: other,
            typed: null,
            problem: null,
            chosenLanguage,
          }),
        )
      }
      const result = normaliseSessionCode(typed)
      if (!result.ok) {
        return sendPage(
          reply,
          400,
          language,
          renderCodeForm({
            language,
            otherLanguageHref: other,
            typed,
            problem: result.reason,
            chosenLanguage,
          }),
        )
      }
      const query = chosenLanguage === null ? '' : `?lang=${chosenLanguage}`
      return reply.header('cache-control', 'no-store').redirect(`/join/${result.code}${query}`, 303)
    },
  )

  app.get(
    '/join/:code',
    {
      config: { ignoresSession: true },
      schema: {
        hide: true,
        params: Type.Object({ code: TypedCode }),
        querystring: Type.Object({ lang: LanguageQuery }),
      },
    },
    async (request, reply) => {
      const { lang } = request.query
      const language = pickPageLanguage(lang, request.headers['accept-language'])
      if (!admit(request, reply, language)) return reply
      const result = normaliseSessionCode(request.params.code)
      if (!result.ok) {
        return sendPage(
          reply,
          400,
          language,
          renderCodeForm({
            language,
            otherLanguageHref: otherLanguageHref('/join', language),
            typed: request.params.code,
            problem: result.reason,
            chosenLanguage: isPageLanguage(lang) ? lang : null,
          }),
        )
      }
      const { code } = result
      const otherLanguage = otherLanguageHref(`/join/${code}`, language)
      let manifest: Manifest
      try {
        manifest = await downloads.manifest()
      } catch (error) {
        if (!isPreparationError(error)) throw error
        // The cause is already in the log (AgentDownloads says what is missing and why).
        return sendPage(
          reply,
          503,
          language,
          renderUnavailable({ language, otherLanguageHref: otherLanguage, code }),
          60,
        )
      }
      const encoding = pickEncoding(request.headers['accept-encoding'])
      const offered: JoinDownload[] = manifest.platforms.map((p) => ({
        platform: p.platform,
        href: `/api/v1/agent/downloads/${p.platform}?code=${code}`,
        fileName: downloadFileName(p.platform, code),
        bytes: encoding === 'identity' ? p.size : p.transferSizes[encoding],
        sha256: p.sha256,
      }))
      return sendPage(
        reply,
        200,
        language,
        renderJoinPage({
          language,
          otherLanguageHref: otherLanguage,
          code,
          system: detectSystem(request.headers['user-agent']),
          downloads: offered,
        }),
      )
    },
  )
  return Promise.resolve()
}

/** A page for one customer, chosen by the headers it is told apart by. */
function sendPage(
  reply: FastifyReply,
  status: number,
  language: PageLanguage,
  page: string,
  retryAfterSeconds: number | null = null,
): FastifyReply {
  const vary = 'accept-language, accept-encoding, user-agent'
  return sendPublicPage(reply, { status, language, vary, retryAfterSeconds }, page)
}
