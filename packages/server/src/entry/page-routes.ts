/**
 * The tenant's customer entry page (DESIGN.md S3, S4), public, server-rendered, works
 * without script: GET /s/:slug shows the number field and the "program first" downloads;
 * POST /s/:slug checks the number (entry.ts, the redemption limits) and sends the browser on
 * to GET /s/:slug/session/:handle, the next steps with the live status (page-script.ts).
 * Unknown tenants get the same "not found" page whatever the address holds.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'

import { AddressLimiter } from '../http/public-pages/address-limiter.js'
import {
  isPageLanguage,
  otherLanguageHref,
  type PageLanguage,
  pickPageLanguage,
} from '../http/public-pages/language.js'
import { sendPublicPage } from '../http/public-pages/send-page.js'
import { detectSystem } from '../join/user-agent.js'
import type { EntryRouteOptions } from './api-routes.js'
import { checkNumber, type EntryTenant, findEntryTenant, statusOf } from './entry.js'
import { ENTRY_STATUS_LIMITS, pollUntil } from './limits.js'
import type { EntryProblem } from './messages.js'
import {
  ENTRY_SCRIPT_PATH,
  type EntryTenantView,
  renderEntryPage,
  renderNextSteps,
  renderNotFound,
} from './page.js'
import { ENTRY_PAGE_SCRIPT } from './page-script.js'
import { programLinks, splitForSystem } from './programs.js'
import { authenticodePublisher } from './publisher.js'
import { brandStylesheet, ENTRY_PAGE_CSS, ENTRY_STYLESHEET_PATH } from './style.js'

const FORM_BODY_LIMIT_BYTES = 4 * 1024
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 100 }) })
const LanguageQuery = Type.Object({ lang: Type.Optional(Type.String({ maxLength: 16 })) })

export const entryPageRoutes: FastifyPluginAsyncTypebox<EntryRouteOptions> = (
  app,
  { services, guard, downloads },
) => {
  const statusLimiter = new AddressLimiter(ENTRY_STATUS_LIMITS, services.clock)
  const publisher = authenticodePublisher(services.config)
  // Only this plugin's routes take an HTML form's body.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES },
    (_request, body, done) => {
      const form = new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))
      done(null, { code: form.get('code'), lang: form.get('lang') })
    },
  )

  const findTenant = async (slug: string) =>
    SLUG.test(slug) ? await findEntryTenant(services, slug) : null
  const programs = () => downloads.manifest().catch(() => null)

  const staticFile = (path: string, type: string, text: string) =>
    app.get(path, { config: { ignoresSession: true }, schema: { hide: true } }, (_r, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=3600').send(text),
    )
  staticFile(ENTRY_STYLESHEET_PATH, 'text/css; charset=utf-8', ENTRY_PAGE_CSS)
  staticFile(ENTRY_SCRIPT_PATH, 'text/javascript; charset=utf-8', ENTRY_PAGE_SCRIPT)

  app.get(
    '/s/:slug/brand.css',
    { config: { ignoresSession: true }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const tenant = await findTenant(request.params.slug)
      if (tenant === null) return reply.code(404).type('text/css; charset=utf-8').send('')
      return reply
        .type('text/css; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(brandStylesheet(tenant.brand_color))
    },
  )

  const showEntry = async (
    request: FastifyRequest,
    reply: FastifyReply,
    tenant: EntryTenant,
    form: { typed: string | null; problem: EntryProblem | null; status: number },
    chosen: string | undefined,
  ) => {
    const language = pickPageLanguage(chosen, request.headers['accept-language'])
    const manifest = await programs()
    return sendPage(
      reply,
      form.status,
      language,
      renderEntryPage({
        language,
        otherLanguageHref: otherLanguageHref(`/s/${tenant.slug}`, language),
        tenant: tenantView(tenant),
        typed: form.typed,
        problem: form.problem,
        chosenLanguage: isPageLanguage(chosen) ? chosen : null,
        system: detectSystem(request.headers['user-agent']),
        programs: manifest === null ? [] : programLinks(manifest, null),
      }),
    )
  }

  app.get(
    '/s/:slug',
    {
      config: { ignoresSession: true },
      schema: { hide: true, params: SlugParams, querystring: LanguageQuery },
    },
    async (request, reply) => {
      const { lang } = request.query
      const tenant = await findTenant(request.params.slug)
      if (tenant === null) return notFoundPage(request, reply, lang)
      return showEntry(request, reply, tenant, { typed: null, problem: null, status: 200 }, lang)
    },
  )

  app.post(
    '/s/:slug',
    {
      config: { ignoresSession: true },
      schema: { hide: true, params: SlugParams, querystring: LanguageQuery },
    },
    async (request, reply) => {
      const form = readForm(request.body)
      const lang = form.lang ?? request.query.lang
      const tenant = await findTenant(request.params.slug)
      if (tenant === null) return notFoundPage(request, reply, lang)
      const typed = form.code ?? ''
      const result = await checkNumber(services, guard, { tenant, typed, ip: request.ip })
      if (result.ok) {
        const query = isPageLanguage(lang) ? `?lang=${lang}` : ''
        return reply
          .header('cache-control', 'no-store')
          .redirect(`/s/${tenant.slug}/session/${result.handle}${query}`, 303)
      }
      for (const scope of result.lockedOut) {
        request.log.warn({ scope }, 'entry-page number checks locked out after repeated failures')
      }
      const { failure } = result
      if (failure.kind === 'rate-limited') {
        void reply.header(
          'retry-after',
          String(Math.max(1, Math.ceil(failure.retryAfterMs / 1000))),
        )
      }
      const problem: EntryProblem =
        failure.kind === 'rate-limited' ? { kind: failure.kind, scope: failure.scope } : failure
      return showEntry(
        request,
        reply,
        tenant,
        { typed: typed.slice(0, 64), problem, status: STATUS_OF[failure.kind] },
        lang,
      )
    },
  )

  app.get(
    '/s/:slug/session/:handle',
    {
      config: { ignoresSession: true },
      schema: {
        hide: true,
        params: Type.Object({
          slug: Type.String({ maxLength: 100 }),
          handle: Type.String({ maxLength: 100 }),
        }),
        querystring: LanguageQuery,
      },
    },
    async (request, reply) => {
      const { lang } = request.query
      if (!statusLimiter.admit(request.ip).allowed) return notFoundPage(request, reply, lang, 429)
      const tenant = await findTenant(request.params.slug)
      const view = tenant === null ? null : await statusOf(services, request.params.handle)
      if (tenant === null || view === null || view.tenantSlug !== tenant.slug) {
        return notFoundPage(request, reply, lang)
      }
      const language = pickPageLanguage(lang, request.headers['accept-language'])
      const manifest = await programs()
      const links = manifest === null ? [] : programLinks(manifest, view.code)
      const { primary, others } = splitForSystem(links, detectSystem(request.headers['user-agent']))
      const here = `/s/${tenant.slug}/session/${request.params.handle}`
      return sendPage(
        reply,
        200,
        language,
        renderNextSteps({
          language,
          otherLanguageHref: otherLanguageHref(here, language),
          tenant: tenantView(tenant),
          handle: request.params.handle,
          status: view,
          primary,
          others,
          publisher,
          pollUntil: pollUntil(view, services.clock.now()),
        }),
      )
    },
  )
  return Promise.resolve()
}

const STATUS_OF: Readonly<Record<EntryProblem['kind'], number>> = {
  'invalid-code': 400,
  'unknown-code': 404,
  'expired-code': 410,
  'used-code': 409,
  'rate-limited': 429,
}

function readForm(body: unknown): { code: string | null; lang: string | undefined } {
  if (typeof body !== 'object' || body === null) return { code: null, lang: undefined }
  const code: unknown = Reflect.get(body, 'code')
  const lang: unknown = Reflect.get(body, 'lang')
  return {
    code: typeof code === 'string' ? code : null,
    lang: typeof lang === 'string' ? lang : undefined,
  }
}

function tenantView(tenant: EntryTenant): EntryTenantView {
  return { slug: tenant.slug, name: tenant.name, logoUrl: tenant.logo_url }
}

function notFoundPage(
  request: FastifyRequest,
  reply: FastifyReply,
  lang: string | undefined,
  status = 404,
): FastifyReply {
  const language = pickPageLanguage(lang, request.headers['accept-language'])
  return sendPage(
    reply,
    status,
    language,
    renderNotFound({ language, otherLanguageHref: otherLanguageHref('', language) }),
  )
}

/** A customer's page (the session page's address holds a handle). */
function sendPage(
  reply: FastifyReply,
  status: number,
  language: PageLanguage,
  page: string,
): FastifyReply {
  return sendPublicPage(reply, { status, language, vary: 'accept-language, user-agent' }, page)
}
