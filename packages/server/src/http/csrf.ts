/**
 * Cross-site request forgery protection for the console (DESIGN.md "Security model"):
 * a state-changing request made with the session cookie must carry the session's CSRF token
 * in `x-csrf-token`, and a request whose `Origin` is not the server's own is refused. API keys
 * are not sent by browsers on their own, so requests with one need no token.
 */
import { timingSafeEqual } from 'node:crypto'

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'

import type { FeatureOptions } from '../services.js'
import { HttpError } from './http-error.js'
import { unencapsulated } from './unencapsulated.js'

export const CSRF_HEADER = 'x-csrf-token'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * For public state-changing routes that start a console session (log-in, first run,
     * invitation accept): refuse them from another origin even without a session.
     */
    checkOrigin?: boolean
    /**
     * For public routes that never act as the logged-in operator (customer redemption): a
     * console cookie the browser sends along is irrelevant there, so no token is asked for.
     */
    ignoresSession?: boolean
  }
}

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export const csrfFailed = (message: string) => new HttpError(403, 'csrf-failed', message)

const plugin: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  const ownOrigin = services.config.publicUrl.origin

  app.addHook('onRequest', (request, _reply, done) => {
    try {
      check(request, ownOrigin)
      done()
    } catch (error) {
      done(error as HttpError)
    }
  })
  return Promise.resolve()
}

function check(request: FastifyRequest, ownOrigin: string): void {
  if (!STATE_CHANGING_METHODS.has(request.method)) return
  const principal = request.principal
  const isCookieSession =
    principal?.kind === 'operator-session' && request.routeOptions.config.ignoresSession !== true
  const routeChecksOrigin = request.routeOptions.config.checkOrigin === true
  if (!isCookieSession && !routeChecksOrigin) return

  const origin = request.headers.origin
  if (origin !== undefined && origin !== ownOrigin) {
    throw csrfFailed('This request came from another web site and was refused.')
  }
  if (isCookieSession && !hasValidToken(request, principal.csrfToken)) {
    throw csrfFailed('The security token is missing or wrong. Reload the page and try again.')
  }
}

function hasValidToken(request: FastifyRequest, expected: string | null): boolean {
  const given = request.headers[CSRF_HEADER]
  if (expected === null || typeof given !== 'string') return false
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Register after `authenticate`, whose principal it reads. */
export const csrfProtection = unencapsulated('csrf-protection', plugin)
