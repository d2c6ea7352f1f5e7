/**
 * Serves the built web apps (packages/web/dist) when present: files as they are (hashed
 * /assets/* cached for a year), and index.html for every other page path so the console's
 * client-side routes (/login, /setup, /invite/…, /sessions …) load on a full page load.
 */
import { statSync } from 'node:fs'
import { resolve, sep } from 'node:path'

import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

import type { FeatureOptions } from '../services.js'
import { HttpError } from './http-error.js'

const ASSET_MAX_AGE_MS = 365 * 86_400_000

export const staticWeb: FastifyPluginAsyncTypebox<
  FeatureOptions & { webRoot: string | null }
> = async (app, { webRoot }) => {
  if (webRoot === null) return
  const root = resolve(webRoot)
  await app.register(fastifyStatic, { root, serve: false, dotfiles: 'deny' })

  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = (request.params as { '*'?: string })['*'] ?? ''
    if (path === 'api' || path.startsWith('api/')) {
      throw new HttpError(
        404,
        'not-found',
        'No API route matches this method and path (see /api/openapi.json).',
      )
    }
    if (isFileInside(root, path)) {
      return path.startsWith('assets/')
        ? reply.sendFile(path, { immutable: true, maxAge: ASSET_MAX_AGE_MS })
        : reply.sendFile(path, { maxAge: 0 })
    }
    // A file name that is not there is a 404; any other path is a page of the console.
    if (/\.[a-z0-9]+$/i.test(path)) {
      reply.callNotFound()
      return reply
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false })
  })
}

function isFileInside(root: string, path: string): boolean {
  if (path === '') return false
  const full = resolve(root, path)
  if (!full.startsWith(root + sep)) return false
  try {
    return statSync(full).isFile()
  } catch {
    return false
  }
}
