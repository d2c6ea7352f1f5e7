/**
 * JSON logs (pino) that never hold a secret: requests are logged by their route pattern
 * (`/api/v1/invitations/:token`, never the token itself), without query strings, headers or
 * bodies, and the few places a secret could still slip in are redacted.
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import pino, { type DestinationStream } from 'pino'

import type { Config } from '../config.js'

export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>

/** What is logged of a request: method, route pattern, client address; never the raw URL. */
export function describeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    // Paths can carry secrets (/invitations/<token>): only the pattern is logged, and a
    // request that matched no route is logged without its path.
    route: request.routeOptions.url ?? '(no route)',
    remoteAddress: request.ip,
  }
}

export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'body',
  'req.body',
  '*.body',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.agentToken',
  '*.secret',
  '*.totpCode',
]

export function createLoggerOptions(
  level: Config['logLevel'],
  stream?: DestinationStream,
): LoggerOptions {
  return {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (request) => describeRequest(request),
      res: (reply) => ({ statusCode: reply.statusCode }),
      err: pino.stdSerializers.err,
    },
    ...(stream === undefined ? {} : { stream }),
  }
}
