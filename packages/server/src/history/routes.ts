/** Connection history: list and CSV export (docs/api.md "Connection history"). */
import { Readable } from 'node:stream'

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'

import { badRequest } from '../http/http-error.js'
import { requireAdmin, requireOperator } from '../http/principal.js'
import type { FeatureOptions } from '../services.js'
import { SessionMethodSchema, SessionStateSchema } from '../sessions/schemas.js'
import { historyCsv } from './csv.js'
import {
  allHistory,
  buildFilter,
  type HistoryFilter,
  HistoryFilterError,
  type HistoryFilterInput,
  type HistoryViewer,
  listHistory,
} from './history.js'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()])

const Filters = {
  from: Type.Optional(
    Type.String({ maxLength: 40, description: 'ISO-8601; rows created at or after' }),
  ),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO-8601; rows created before' })),
  operatorId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  method: Type.Optional(SessionMethodSchema),
  outcome: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  state: Type.Optional(SessionStateSchema),
}

const HistoryRowSchema = Type.Object({
  id: Type.String(),
  operator: Type.Object({ id: Type.String(), displayName: Type.String() }),
  method: SessionMethodSchema,
  state: SessionStateSchema,
  outcome: Nullable(Type.String()),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  redeemedAt: Nullable(Type.String()),
  startedAt: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  customerIp: Nullable(Type.String()),
  operatorIp: Nullable(Type.String()),
  agentOs: Nullable(Type.String()),
  customerEmail: Nullable(Type.String({ description: 'E-mail invitations: the address invited' })),
  deviceName: Nullable(Type.String({ description: 'Unattended sessions: the computer' })),
})

function filterFor(viewer: HistoryViewer, input: HistoryFilterInput): HistoryFilter {
  try {
    return buildFilter(viewer, input)
  } catch (error) {
    if (error instanceof HistoryFilterError) {
      throw badRequest('invalid-request', error.message, { field: error.field })
    }
    throw error
  }
}

export const historyRoutes: FastifyPluginAsyncTypebox<FeatureOptions> = (app, { services }) => {
  app.get(
    '/history',
    {
      schema: {
        tags: ['history'],
        summary: 'Connection history, newest first (operators: their own sessions)',
        querystring: Type.Object({
          ...Filters,
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          cursor: Type.Optional(Type.String({ maxLength: 400 })),
        }),
        response: {
          200: Type.Object({
            rows: Type.Array(HistoryRowSchema),
            nextCursor: Nullable(Type.String()),
          }),
        },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      const filter = filterFor(principal, request.query)
      return listHistory(services, filter, request.query.limit ?? 100)
    },
  )

  app.get(
    '/history.csv',
    {
      schema: {
        tags: ['history'],
        summary: 'Connection history as a CSV download (admins)',
        querystring: Type.Object(Filters),
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const principal = requireAdmin(request)
      const filter = filterFor(principal, request.query)
      const day = services.clock.now().toISOString().slice(0, 10)
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="tasuke-history-${day}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(historyCsv(allHistory(services, filter))))
    },
  )
  return Promise.resolve()
}
