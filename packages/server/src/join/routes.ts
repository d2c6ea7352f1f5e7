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
import { AttemptLimiter, type AttemptLimiterOptions } from '../limits/attempt-limiter.js'
import { ipRateKey } from '../limits/ip-key.js'
import type { FeatureOptions } from '../services.js'
import { isJoinLanguage, type JoinLanguage, pickJoinLanguage } from './language.js'
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

const MINUTE = 60_000

/** Page views per client address (IPv6 per /64), as many as the download route allows. */
export const JOIN_PAGE_LIMITS: AttemptLimiterOptions = {
  maxFailures: 30,
  windowMs: 10 * MINUTE,
  firstLockoutMs: MINUTE,
  maxLockoutMs: 30 * MINUTE,
}

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
  const limiter = new AttemptLimiter(JOIN_PAGE_LIMITS, services.clock)
  /** Counts the request; false (and the answer sent) when the address must wait. */
  const admit = (request: FastifyRequest, reply: FastifyReply, language: JoinLanguage) => {
    const key = ipRateKey(request.ip)
    const verdict = limiter.check(key)
    if (verdict.allowed) {
      limiter.fail(key)
      return true
    }
    void sendPage(
      reply.header('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)))),
      429,
      language,
      renderRateLimited({ language, otherLanguageHref: otherLanguageHref('/join', language) }),
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
      const language = pickJoinLanguage(lang, request.headers['accept-language'])
      const chosenLanguage = isJoinLanguage(lang) ? lang : null
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
      const language = pickJoinLanguage(lang, request.headers['accept-language'])
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
            chosenLanguage: isJoinLanguage(lang) ? lang : null,
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
          reply.header('retry-after', '60'),
          503,
          language,
          renderUnavailable({ language, otherLanguageHref: otherLanguage, code }),
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

/** A page for one customer: never cached or stored, since its address holds their number. */
function sendPage(
  reply: FastifyReply,
  status: number,
  language: JoinLanguage,
  page: string,
): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-language', language)
    .header('vary', 'accept-language, accept-encoding, user-agent')
    .send(page)
}

function otherLanguageHref(path: string, language: JoinLanguage): string {
  return `${path}?lang=${language === 'ja' ? 'en' : 'ja'}`
}
