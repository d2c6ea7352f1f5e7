/**
 * Who is calling: fills `request.principal` from the console session cookie or from an
 * `Authorization: Bearer tsk_…` API key, for every route of the app (fastify-plugin). A
 * malformed, unknown or expired credential simply leaves no principal; guards answer 401.
 */
import fastifyCookie from '@fastify/cookie'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

import { resolveApiKey } from '../api-keys/api-keys.js'
import { resolveWebSession, SESSION_COOKIE } from '../auth/web-sessions.js'
import type { FeatureOptions } from '../services.js'
import type { Principal } from './principal.js'
import { unencapsulated } from './unencapsulated.js'

const BEARER_PATTERN = /^Bearer +(\S+) *$/i

const plugin: FastifyPluginAsyncTypebox<FeatureOptions> = async (app, { services }) => {
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie)
  app.decorateRequest('principal', null)

  app.addHook('onRequest', async (request) => {
    request.principal = await findPrincipal(request.headers.authorization, request.cookies)
  })

  async function findPrincipal(
    authorization: string | undefined,
    cookies: Record<string, string | undefined>,
  ): Promise<Principal | null> {
    // An Authorization header decides alone: a bad key is not rescued by a cookie.
    if (authorization !== undefined) {
      const key = BEARER_PATTERN.exec(authorization)?.[1]
      return key === undefined ? null : resolveApiKey(services, key)
    }
    const cookieValue = cookies[SESSION_COOKIE]
    return cookieValue === undefined ? null : resolveWebSession(services, cookieValue)
  }
}

export const authenticate = unencapsulated('authenticate', plugin)
