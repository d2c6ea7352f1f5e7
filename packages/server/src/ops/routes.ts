/**
 * Operations endpoints: /healthz (the process answers), /readyz (the database answers too),
 * /metrics (Prometheus), and the hook that counts every HTTP answer by its route pattern.
 */
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox'

import { unencapsulated } from '../http/unencapsulated.js'
import type { FeatureOptions } from '../services.js'

const READY_TIMEOUT_MS = 2_000

const Status = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  reason: Type.Optional(Type.String()),
})

export const opsRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = unencapsulated(
  'ops-routes',
  async (app, { services }) => {
    const { metrics, store } = services

    app.addHook('onResponse', async (request, reply) => {
      // The pattern, never the raw URL: paths can carry tokens, and labels must stay few.
      const route = request.routeOptions.url ?? 'unmatched'
      const status = String(reply.statusCode)
      metrics.httpRequests.inc({ method: request.method, route, status })
      metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000)
      await Promise.resolve()
    })

    app.get(
      '/healthz',
      {
        schema: {
          tags: ['operations'],
          summary: 'The process is alive',
          security: [],
          response: { 200: Status },
        },
      },
      () => ({ status: 'ok' as const }),
    )

    app.get(
      '/readyz',
      {
        schema: {
          tags: ['operations'],
          summary: 'The database answers: the node can take traffic',
          security: [],
          response: { 200: Status, 503: Status },
        },
      },
      async (request, reply) => {
        try {
          await withTimeout(store.ping(), READY_TIMEOUT_MS)
          return { status: 'ok' as const }
        } catch (error) {
          request.log.warn({ err: error }, 'readiness check failed: database unreachable')
          return reply
            .code(503)
            .send({ status: 'unavailable' as const, reason: 'database unreachable' })
        }
      },
    )

    app.get(
      '/metrics',
      {
        schema: {
          tags: ['operations'] as const,
          summary: 'Prometheus metrics of this node',
          security: [],
        },
      },
      async (_request, reply) => {
        const text = await metrics.registry.metrics()
        return reply.type(metrics.registry.contentType).send(text)
      },
    )
    await Promise.resolve()
  },
)

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`))
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer)
  })
}
