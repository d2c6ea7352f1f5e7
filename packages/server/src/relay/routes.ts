/**
 * The relay's WebSocket endpoints (docs/relay.md): `GET /ws/agent` (the agent says `hello`
 * with its token first) and `GET /ws/console?sessionId=` (the operator's cookie, same origin).
 * @fastify/websocket is registered in app.ts; this plugin decorates the app with its Relay.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
// Brings in the `websocket: true` route option and handler types.
import type {} from '@fastify/websocket'
import { Type } from '@sinclair/typebox'

import type { Cluster } from '../cluster/cluster.js'
import { unencapsulated } from '../http/unencapsulated.js'
import type { FeatureOptions } from '../services.js'
import type { RelayOptions } from './options.js'
import { Relay } from './relay.js'
import { createSessionGate } from './session-gate.js'
import { feedRelay, wsRelaySocket } from './ws-socket.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The node's relay (its figures are read by tests and metrics). */
    relay: Relay
  }
}

export interface RelayRoutesOptions extends FeatureOptions {
  readonly cluster: Cluster
  readonly relayOptions?: Partial<RelayOptions>
}

const ConsoleQuery = Type.Object(
  { sessionId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
)

const plugin: FastifyPluginAsyncTypebox<RelayRoutesOptions> = (app, options) => {
  const { services, cluster } = options
  const relay = new Relay({
    sessions: createSessionGate(services),
    cluster,
    ...(options.relayOptions === undefined ? {} : { options: options.relayOptions }),
    onError: (error) => {
      app.log.error({ err: error }, 'relay failure')
    },
  })
  app.decorate('relay', relay)
  app.addHook('preClose', () => relay.close())
  const ownOrigin = services.config.publicUrl.origin

  app.get('/ws/agent', { websocket: true, schema: { hide: true } }, (ws) => {
    feedRelay(ws, relay.acceptAgent(wsRelaySocket(ws)))
  })

  app.get(
    '/ws/console',
    { websocket: true, schema: { hide: true, querystring: ConsoleQuery } },
    (ws, request) => {
      const principal = request.principal
      feedRelay(
        ws,
        relay.acceptConsole(wsRelaySocket(ws), {
          // Cookie sessions only: API keys are for programs, not for viewing screens.
          viewer: principal?.kind === 'operator-session' ? principal : null,
          sameOrigin: request.headers.origin === ownOrigin,
          sessionId: request.query.sessionId,
        }),
      )
    },
  )
  return Promise.resolve()
}

export const relayRoutes = unencapsulated('relay', plugin)
