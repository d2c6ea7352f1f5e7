/**
 * Security headers on every response: a strict CSP (scripts and styles only from this
 * origin), HSTS, no framing, no sniffing, no referrer; and API answers are never cached.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

import type { FeatureOptions } from '../services.js'
import { unencapsulated } from './unencapsulated.js'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self' wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), fullscreen=(self)'
const HSTS = 'max-age=31536000'
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export const securityHeaders: FastifyPluginAsyncTypebox<FeatureOptions> = unencapsulated(
  'security-headers',
  async (app, { services }) => {
    const { publicUrl } = services.config
    // HSTS on localhost would pin every other local development server to https as well.
    const sendsHsts = publicUrl.protocol === 'https:' && !LOCAL_HOSTS.has(publicUrl.hostname)
    app.addHook('onSend', async (request, reply, payload) => {
      void reply.headers({
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'permissions-policy': PERMISSIONS_POLICY,
        'cross-origin-opener-policy': 'same-origin',
      })
      if (sendsHsts) void reply.header('strict-transport-security', HSTS)
      if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
        void reply.header('cache-control', 'no-store')
      }
      return payload
    })
    await Promise.resolve()
  },
)
