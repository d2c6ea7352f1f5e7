/**
 * The website chat over HTTP and WebSocket (docs/api.md "Website chat"):
 * public, cross-origin for the widget — POST /api/v1/chat/:slug/conversations and the
 * customer socket GET /ws/chat (token in the first message); for the console — the queue,
 * take, close, transcripts, remote control, the admin's allowed origins, and the operator
 * socket GET /ws/chat/console (cookie + same Origin, like /ws/console).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type {} from '@fastify/websocket'
import { Type } from '@sinclair/typebox'
import { ConversationState } from '@tasuke/protocol'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RawData } from 'ws'

import { badRequest, conflict, HttpError, notFound, tooManyRequests } from '../http/http-error.js'
import { requireAdmin, requireOperator } from '../http/principal.js'
import { unencapsulated } from '../http/unencapsulated.js'
import { AttemptLimiter } from '../limits/attempt-limiter.js'
import { ipRateKey } from '../limits/ip-key.js'
import { SessionSchema } from '../sessions/schemas.js'
import type { FeatureOptions } from '../services.js'
import * as chat from './chat.js'
import * as store from './conversation-store.js'
import { ChatHub, type ChatHubOptions } from './hub.js'
import { isOriginAllowed, MAX_ALLOWED_ORIGINS, normaliseOrigin } from './origins.js'
import { requestRemoteControl } from './remote-control.js'
import {
  ChatSettingsSchema,
  ConversationParams,
  ConversationResponse,
  ConversationSchema,
  OpenConversationBody,
  TenantSlugParams,
  TranscriptMessage,
} from './schemas.js'
import { ChatConnection } from './socket.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The node's chat sockets (tests read their counts). */
    chatHub: ChatHub
  }
}

const MINUTE = 60_000
/** New conversations per client address (IPv6 per /64). */
export const OPEN_CONVERSATION_LIMITS = {
  maxFailures: 10,
  windowMs: 10 * MINUTE,
  firstLockoutMs: MINUTE,
  maxLockoutMs: 30 * MINUTE,
}
/** Wrong customer tokens per client address before joins must wait. */
export const JOIN_LIMITS = {
  maxFailures: 10,
  windowMs: 10 * MINUTE,
  firstLockoutMs: MINUTE,
  maxLockoutMs: 30 * MINUTE,
}

export interface ChatRoutesOptions extends FeatureOptions {
  readonly hubOptions?: ChatHubOptions
}

const plugin: FastifyPluginAsyncTypebox<ChatRoutesOptions> = (app, { services, hubOptions }) => {
  const hub = new ChatHub(hubOptions)
  app.decorate('chatHub', hub)
  app.addHook('preClose', (done) => {
    hub.close()
    done()
  })
  const openLimiter = new AttemptLimiter(OPEN_CONVERSATION_LIMITS, services.clock)
  const joinLimiter = new AttemptLimiter(JOIN_LIMITS, services.clock)
  const ownOrigin = services.config.publicUrl.origin

  /** CORS for the widget: the tenant's allowed origins (any when none are set). */
  const allowCors = async (request: FastifyRequest, reply: FastifyReply, tenantId: string) => {
    const origin = request.headers.origin
    if (origin === undefined) return
    if (!(await isOriginAllowed(services, tenantId, origin))) {
      throw new HttpError(
        403,
        'origin-not-allowed',
        'This website may not use the chat of this company.',
      )
    }
    void reply.headers({
      'access-control-allow-origin': origin,
      vary: 'Origin',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    })
  }
  const tenantOf = async (slug: string) => {
    const tenant = await store.findTenantBySlug(services.db, slug)
    if (tenant === undefined) throw notFound('The company')
    return tenant
  }

  app.get(
    '/api/v1/chat/:slug/widget',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['chat'],
        summary: "What the widget shows before a chat starts: the company's name and colour",
        security: [],
        params: TenantSlugParams,
        response: {
          200: Type.Object({
            company: Type.Object({ name: Type.String(), brandColor: Type.String() }),
          }),
        },
      },
    },
    async (request, reply) => {
      const tenant = await tenantOf(request.params.slug)
      await allowCors(request, reply, tenant.id)
      return { company: { name: tenant.name, brandColor: tenant.brand_color } }
    },
  )

  app.options(
    '/api/v1/chat/:slug/conversations',
    { config: { ignoresSession: true }, schema: { hide: true, params: TenantSlugParams } },
    async (request, reply) => {
      const tenant = await tenantOf(request.params.slug)
      await allowCors(request, reply, tenant.id)
      return reply.code(204).send()
    },
  )

  app.post(
    '/api/v1/chat/:slug/conversations',
    {
      config: { ignoresSession: true },
      schema: {
        tags: ['chat'],
        summary: 'Open a chat for a company (public, used by the widget from any allowed site)',
        security: [],
        params: TenantSlugParams,
        body: OpenConversationBody,
        response: {
          201: Type.Object({
            conversationId: Type.String(),
            customerToken: Type.String({ description: 'Send in chat-join; shown only once.' }),
            company: Type.Object({ name: Type.String(), brandColor: Type.String() }),
          }),
        },
      },
    },
    async (request, reply) => {
      const key = ipRateKey(request.ip)
      const verdict = openLimiter.check(key)
      if (!verdict.allowed) {
        throw tooManyRequests(
          'Too many chats were started from this address. Please wait a few minutes.',
          Math.ceil(verdict.retryAfterMs / 1000),
        )
      }
      const tenant = await tenantOf(request.params.slug)
      await allowCors(request, reply, tenant.id)
      openLimiter.fail(key)
      const name = request.body.name?.trim() ?? ''
      if (hasControlCharacters(name)) {
        throw badRequest('invalid-name', 'The name may not contain control characters.')
      }
      const opened = await chat.openConversation(services, tenant.id, name === '' ? null : name)
      return reply.code(201).send({
        ...opened,
        company: { name: tenant.name, brandColor: tenant.brand_color },
      })
    },
  )

  app.get(
    '/api/v1/chat/queue',
    {
      schema: {
        tags: ['chat'],
        summary: "The tenant's waiting and running chats, oldest first",
        response: { 200: Type.Object({ conversations: Type.Array(ConversationSchema) }) },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      const rows = await store.listConversations(
        services.db,
        principal.tenantId,
        ['waiting', 'active'],
        200,
      )
      return { conversations: rows.map(chat.summarise) }
    },
  )

  app.get(
    '/api/v1/chat/conversations',
    {
      schema: {
        tags: ['chat'],
        summary: "The tenant's closed chats (transcripts), newest first",
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ conversations: Type.Array(ConversationSchema) }) },
      },
    },
    async (request) => {
      const principal = requireOperator(request)
      const rows = await store.listConversations(
        services.db,
        principal.tenantId,
        ['closed'],
        request.query.limit ?? 100,
      )
      return { conversations: rows.map(chat.summarise) }
    },
  )

  const conversationOf = async (request: FastifyRequest, id: string) => {
    const principal = requireOperator(request)
    const row = await chat.findForTenant(services, id, principal.tenantId)
    if (row === null) throw notFound('The conversation')
    return { principal, row }
  }

  app.get(
    '/api/v1/chat/conversations/:id/messages',
    {
      schema: {
        tags: ['chat'],
        summary: 'The transcript of one chat of the tenant (decrypted for its operators)',
        params: ConversationParams,
        response: {
          200: Type.Object({
            conversation: ConversationSchema,
            messages: Type.Array(TranscriptMessage),
          }),
        },
      },
    },
    async (request) => {
      const { row } = await conversationOf(request, request.params.id)
      const pages = await chat.historyFor(services, row, 'operator', undefined)
      const messages = pages.flatMap((page) =>
        page.messages.map((m) => ({
          id: m.id,
          role: m.author.role,
          name: m.author.name ?? null,
          body: m.body,
          sentAt: new Date(m.sentAt).toISOString(),
        })),
      )
      return { conversation: chat.summarise(row), messages }
    },
  )

  app.post(
    '/api/v1/chat/conversations/:id/take',
    {
      schema: {
        tags: ['chat'],
        summary: 'Take a waiting chat (the first operator wins; others get 409)',
        params: ConversationParams,
        response: { 200: ConversationResponse },
      },
    },
    async (request) => {
      const { principal, row } = await conversationOf(request, request.params.id)
      const won = await store.takeConversation(services.db, {
        id: row.id,
        tenantId: principal.tenantId,
        operatorId: principal.operatorId,
        now: services.clock.now(),
      })
      if (!won) {
        throw conflict(
          'already-taken',
          row.state === 'closed'
            ? 'This chat is closed.'
            : 'Another operator has taken this chat already.',
        )
      }
      const taken = await chat.findForTenant(services, row.id, principal.tenantId)
      if (taken === null) throw notFound('The conversation')
      hub.broadcast(row.id, {
        type: 'conversation-state',
        conversationId: row.id,
        state: ConversationState.Active,
        ...(taken.operator_name ? { operatorName: taken.operator_name } : {}),
      })
      return { conversation: chat.summarise(taken) }
    },
  )

  app.post(
    '/api/v1/chat/conversations/:id/close',
    {
      schema: {
        tags: ['chat'],
        summary: 'Close a chat (its transcript stays for the retention period)',
        params: ConversationParams,
        response: { 200: ConversationResponse },
      },
    },
    async (request) => {
      const { principal, row } = await conversationOf(request, request.params.id)
      const closed = await store.closeConversation(services.db, {
        id: row.id,
        tenantId: principal.tenantId,
        now: services.clock.now(),
      })
      if (!closed) throw conflict('already-closed', 'This chat is closed already.')
      hub.broadcast(row.id, {
        type: 'conversation-state',
        conversationId: row.id,
        state: ConversationState.Closed,
      })
      const after = await chat.findForTenant(services, row.id, principal.tenantId)
      return { conversation: chat.summarise(after ?? row) }
    },
  )

  app.post(
    '/api/v1/chat/conversations/:id/remote-control',
    {
      schema: {
        tags: ['chat'],
        summary: 'Ask the customer in this chat for remote control (issues a session number)',
        params: ConversationParams,
        response: {
          201: Type.Object({ session: SessionSchema, downloadUrl: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      const { principal, row } = await conversationOf(request, request.params.id)
      if (row.state !== 'active' || row.operator_id !== principal.operatorId) {
        throw conflict('not-your-chat', 'Take this chat before asking for remote control.')
      }
      const { session, request: message } = await requestRemoteControl(services, {
        conversationId: row.id,
        tenantId: principal.tenantId,
        operatorId: principal.operatorId,
        operatorIp: request.ip,
      })
      services.metrics.sessionsCreated.inc({ method: session.method })
      hub.broadcast(row.id, message, { side: 'customer' })
      return reply.code(201).send({ session, downloadUrl: message.downloadUrl })
    },
  )

  app.get(
    '/api/v1/chat/settings',
    {
      schema: {
        tags: ['chat'],
        summary: "The widget's allowed websites (administrators)",
        response: { 200: ChatSettingsSchema },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      return { allowedOrigins: await store.getAllowedOrigins(services.db, principal.tenantId) }
    },
  )

  app.put(
    '/api/v1/chat/settings',
    {
      schema: {
        tags: ['chat'],
        summary: "Set the widget's allowed websites (empty: any website)",
        body: ChatSettingsSchema,
        response: { 200: ChatSettingsSchema },
      },
    },
    async (request) => {
      const principal = requireAdmin(request)
      const origins: string[] = []
      for (const [index, value] of request.body.allowedOrigins.entries()) {
        const origin = normaliseOrigin(value.trim())
        if (origin === null) {
          throw badRequest(
            'invalid-origin',
            `Entry ${index + 1} is not a website origin like https://www.example.com (no path).`,
            { index },
          )
        }
        if (!origins.includes(origin)) origins.push(origin)
      }
      if (origins.length > MAX_ALLOWED_ORIGINS) {
        throw badRequest('too-many-origins', `At most ${MAX_ALLOWED_ORIGINS} websites.`)
      }
      await store.setAllowedOrigins(services.db, principal.tenantId, origins, services.clock.now())
      return { allowedOrigins: origins }
    },
  )

  const connect = (ws: WsLike, access: ConstructorParameters<typeof ChatConnection>[2]): void => {
    const connection = new ChatConnection(
      {
        services,
        hub,
        admitJoin: (ip) => joinLimiter.check(ipRateKey(ip)).allowed,
        joinFailed: (ip) => {
          joinLimiter.fail(ipRateKey(ip))
        },
        onError: (error) => {
          app.log.error({ err: error }, 'chat failure')
        },
      },
      {
        send: (text) => {
          if (ws.readyState === 1) ws.send(text)
        },
        close: (code, reason) => {
          ws.close(code, reason)
        },
      },
      access,
    )
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) connection.binary()
      else connection.message(toText(data))
    })
    ws.on('close', () => {
      connection.closed()
    })
    ws.on('error', () => undefined)
  }

  app.get('/ws/chat', { websocket: true, schema: { hide: true } }, (ws, request) => {
    connect(ws, { side: 'customer', origin: request.headers.origin, ip: request.ip })
  })

  app.get('/ws/chat/console', { websocket: true, schema: { hide: true } }, (ws, request) => {
    const principal = request.principal
    connect(ws, {
      side: 'operator',
      principal: principal?.kind === 'operator-session' ? principal : null,
      sameOrigin: request.headers.origin === ownOrigin,
    })
  })
  return Promise.resolve()
}

interface WsLike {
  readonly readyState: number
  send(data: string): void
  close(code: number, reason: string): void
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): unknown
  on(event: 'close' | 'error', listener: () => void): unknown
}

function hasControlCharacters(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  return Buffer.from(data).toString('utf8')
}

export const chatRoutes = unencapsulated('chat', plugin)
