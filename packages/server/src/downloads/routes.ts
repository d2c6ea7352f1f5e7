/**
 * GET /agent/downloads and GET /agent/downloads/:platform (public, no log-in): the manifest
 * and the customer's program, bound to this server and, by its file name, to a session
 * number (docs/api.md "Agent downloads"). The number is only checked for its form: looking it
 * up would let this route guess numbers past the redemption limits.
 */
import { createReadStream } from 'node:fs'
import { join } from 'node:path'

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { normaliseSessionCode } from '@tasuke/protocol'
import type { FastifyBaseLogger, FastifyRequest } from 'fastify'

import { agentDownloadsDefaults } from '../config.js'
import { HttpError, tooManyRequests } from '../http/http-error.js'
import { AddressLimiter, PAGE_VIEW_LIMITS } from '../http/public-pages/address-limiter.js'
import type { AttemptLimiterOptions } from '../limits/attempt-limiter.js'
import type { FeatureOptions, Services } from '../services.js'
import { describeCodeInputProblem } from '../sessions/code-input.js'
import { pickEncoding } from './accept-encoding.js'
import { AgentDownloads, DownloadsUnavailableError, isPreparationError } from './downloads.js'
import { AGENT_PLATFORMS, downloadFileName, isAgentPlatform } from './platforms.js'

/** Requests per client address (IPv6 per /64): a customer needs one or two. */
export const DOWNLOAD_LIMITS: AttemptLimiterOptions = PAGE_VIEW_LIMITS

export interface DownloadsRouteOptions extends FeatureOptions {
  /** This server's downloads (createAgentDownloads), shared with the customer's /join page. */
  readonly downloads: AgentDownloads
  /** Prepare the copies right after start (off in tests). */
  readonly warmUp: boolean
}

/**
 * The one AgentDownloads of an app. `certificateFingerprint` is the SHA-256 of the
 * self-signed certificate the agent must pin; null for a CA certificate.
 */
export function createAgentDownloads(
  services: Services,
  certificateFingerprint: string | null,
  log: FastifyBaseLogger,
): AgentDownloads {
  const { config } = services
  return new AgentDownloads(
    {
      ...(config.agentDownloads ?? agentDownloadsDefaults(config.dataDir)),
      cacheDir: join(config.dataDir, 'agent-downloads'),
      deployment: { serverUrl: config.publicUrl.href, fingerprint: certificateFingerprint },
    },
    logTo(log),
  )
}

const PlatformDescription = Type.Object({
  platform: Type.Union(AGENT_PLATFORMS.map((p) => Type.Literal(p))),
  fileName: Type.String({
    description: 'The generic download name; with ?code= it carries the number.',
  }),
  size: Type.Integer({ description: 'Bytes of the file once decoded.' }),
  sha256: Type.String({ description: 'SHA-256 of the file, hex.' }),
  signature: Type.String({ description: 'Ed25519 signature of the file bytes, base64.' }),
  authenticodeSigned: Type.Boolean(),
  transferSizes: Type.Object(
    { br: Type.Integer(), gzip: Type.Integer() },
    { description: 'Bytes on the wire with Content-Encoding br or gzip.' },
  ),
})

export const downloadsRoutes: FastifyPluginAsyncTypebox<DownloadsRouteOptions> = (
  app,
  { services, downloads, warmUp },
) => {
  const limiter = new AddressLimiter(DOWNLOAD_LIMITS, services.clock)
  const admit = (request: FastifyRequest) => {
    const verdict = limiter.admit(request.ip)
    if (!verdict.allowed) {
      throw tooManyRequests(
        'Too many downloads from your network. Please wait a little and try again.',
        verdict.retryAfterSeconds,
      )
    }
  }
  if (warmUp)
    app.addHook('onReady', () => {
      downloads.warmUp()
      return Promise.resolve()
    })

  app.get(
    '/agent/downloads',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['agent-downloads'],
        summary: 'The agent builds this server serves, with hashes and signatures (public)',
        security: [],
        response: {
          200: Type.Object({
            publicKey: Type.String({
              description: 'Ed25519 public key (SPKI PEM) of the signatures.',
            }),
            platforms: Type.Array(PlatformDescription),
          }),
        },
      },
    },
    async (request) => {
      admit(request)
      const manifest = await unavailableAs503(() => downloads.manifest(), request)
      return {
        publicKey: manifest.publicKey,
        platforms: manifest.platforms.map((p) => ({
          platform: p.platform,
          fileName: downloadFileName(p.platform, null),
          size: p.size,
          sha256: p.sha256,
          signature: p.signature,
          authenticodeSigned: p.authenticodeSigned,
          transferSizes: p.transferSizes,
        })),
      }
    },
  )

  app.get(
    '/agent/downloads/:platform',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['agent-downloads'],
        summary: 'Download the agent for a platform, bound to this server (public)',
        description:
          'Brotli or gzip as Accept-Encoding allows. With ?code= the file is named ' +
          'tasuke-support-<code>[.exe] and the agent redeems that number by itself; without, ' +
          'it asks for one. Headers: X-Tasuke-Sha256, X-Tasuke-Signature, Digest.',
        security: [],
        params: Type.Object({ platform: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({
          code: Type.Optional(
            Type.String({ maxLength: 64, description: 'The 8-digit session number, as typed.' }),
          ),
        }),
        response: {
          200: Type.Unknown({ description: 'The executable (application/octet-stream).' }),
          304: Type.Null({ description: 'Not modified (If-None-Match matched the ETag).' }),
        },
      },
    },
    async (request, reply) => {
      admit(request)
      const { platform } = request.params
      if (!isAgentPlatform(platform)) {
        throw new HttpError(
          400,
          'unknown-platform',
          `There is no program for this system. Choose one of: ${AGENT_PLATFORMS.join(', ')}.`,
          { platforms: [...AGENT_PLATFORMS] },
        )
      }
      let code: string | null = null
      if (request.query.code !== undefined) {
        const result = normaliseSessionCode(request.query.code)
        if (!result.ok) {
          throw new HttpError(400, 'invalid-code', describeCodeInputProblem(result.reason), {
            reason: result.reason,
          })
        }
        code = result.code
      }
      const prepared = await unavailableAs503(() => downloads.prepared(platform), request)
      const encoding = pickEncoding(request.headers['accept-encoding'])
      const etag = `"${prepared.sha256.slice(0, 32)}-${encoding}"`
      void reply.headers({
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename="${downloadFileName(platform, code)}"`,
        // A numbered file belongs to one customer; the generic one may be revalidated.
        'cache-control': code === null ? 'private, no-cache' : 'private, no-store',
        vary: 'accept-encoding',
        etag,
        digest: `sha-256=${Buffer.from(prepared.sha256, 'hex').toString('base64')}`,
        'x-tasuke-sha256': prepared.sha256,
        'x-tasuke-signature': prepared.signature,
      })
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null)
      if (encoding !== 'identity') void reply.header('content-encoding', encoding)
      void reply.header(
        'content-length',
        encoding === 'identity' ? prepared.size : prepared.transferSizes[encoding],
      )
      return reply.send(createReadStream(prepared.files[encoding]))
    },
  )
  return Promise.resolve()
}

async function unavailableAs503<T>(work: () => Promise<T>, request: FastifyRequest): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!isPreparationError(error)) throw error
    if (!(error instanceof DownloadsUnavailableError)) {
      request.log.error({ err: error }, 'agent download could not be prepared')
    }
    throw new HttpError(
      503,
      'agent-unavailable',
      'The support program is not available on this server right now. Please tell your support contact.',
    )
  }
}

function logTo(log: FastifyBaseLogger) {
  return {
    info: (message: string) => {
      log.info(message)
    },
    warn: (message: string) => {
      log.warn(message)
    },
  }
}
