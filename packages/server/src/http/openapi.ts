/**
 * The API described as OpenAPI 3.1, generated from the TypeBox schemas every route declares
 * and served at GET /api/openapi.json (docs/api.md is the overview).
 */
import { readFileSync } from 'node:fs'

import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'

import type { Services } from '../services.js'

export const OPENAPI_PATH = '/api/openapi.json'

function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  const { version } = JSON.parse(text) as { version?: unknown }
  return typeof version === 'string' ? version : '0.0.0'
}

export async function registerOpenApi(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tasuke',
        version: packageVersion(),
        description:
          'Remote customer support: sessions, operators, history. Console requests use the ' +
          'session cookie plus the x-csrf-token header on state changes; programs use an API ' +
          'key as a bearer token.',
        license: { name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' },
      },
      servers: [{ url: services.config.publicUrl.origin }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'tasuke_session',
            description: 'Set by POST /api/v1/auth/login (HttpOnly, Secure, SameSite=Strict).',
          },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: 'x-csrf-token',
            description:
              'Required with the session cookie on POST, PATCH, PUT and DELETE; the token ' +
              'comes with the log-in answer and GET /api/v1/auth/me.',
          },
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (tsk_…) created by an administrator; no CSRF token needed.',
          },
        },
      },
      security: [{ session: [], csrf: [] }, { apiKey: [] }],
    },
  })
  app.get(OPENAPI_PATH, { schema: { hide: true } }, () => app.swagger())
}
