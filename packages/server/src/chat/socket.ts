/**
 * One chat socket (SPEC.md M9–M13): waits for `chat-join` (the customer's token or the
 * operator's cookie session decides which conversation it may join), replays what the client
 * missed, then stores and forwards messages, typing and read receipts. Every frame is
 * validated with the protocol's parseMessage; bad input gets an `error` and changes nothing.
 */
import {
  ChatClientToServer,
  ChatRole,
  CloseCode,
  ErrorCode,
  MAX_MESSAGE_BYTES,
  type ServerToChatClient,
  parseMessage,
} from '@tasuke/protocol'

import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import { getSession } from '../sessions/sessions.js'
import * as chat from './chat.js'
import type { ChatClient, ChatHub, ChatSide } from './hub.js'
import { isOriginAllowed } from './origins.js'
import { remoteControlRequest } from './remote-control.js'

/** The transport under one connection (a `ws` socket in routes, a fake in tests). */
export interface ChatTransport {
  send(text: string): void
  close(code: number, reason: string): void
}

export type ChatAccess =
  | { readonly side: 'customer'; readonly origin: string | undefined; readonly ip: string }
  | {
      readonly side: 'operator'
      readonly principal: Principal | null
      readonly sameOrigin: boolean
    }

/** Messages per window a socket may send before it is told to slow down, then closed. */
export const CHAT_SOCKET_LIMITS = { windowMs: 10_000, softLimit: 40, hardLimit: 80 } as const

export interface ChatConnectionDeps {
  readonly services: Services
  readonly hub: ChatHub
  /** False when the join attempts from this address must wait (wrong tokens). */
  readonly admitJoin: (ip: string) => boolean
  readonly joinFailed: (ip: string) => void
  readonly onError: (error: unknown) => void
}

export class ChatConnection {
  private conversation: chat.Conversation | null = null
  private joining = false
  private windowStart = 0
  private windowCount = 0
  /** Messages are handled one at a time, in arrival order (see `enqueue`). */
  private queue: Promise<void> = Promise.resolve()
  private readonly client: ChatClient

  constructor(
    private readonly deps: ChatConnectionDeps,
    private readonly transport: ChatTransport,
    private readonly access: ChatAccess,
  ) {
    this.client = {
      side: access.side,
      silentTicks: 0,
      send: (message) => {
        this.send(message)
      },
      close: (code, reason) => {
        transport.close(code, reason)
      },
    }
    deps.hub.watch(this.client)
    if (access.side === 'operator' && (access.principal === null || !access.sameOrigin)) {
      this.refuse(CloseCode.Unauthorized, ErrorCode.Unauthorized, 'Please log in to the console.')
    }
  }

  get side(): ChatSide {
    return this.access.side
  }

  message(data: string): void {
    this.client.silentTicks = 0
    if (!this.withinRate()) return
    if (data.length > MAX_MESSAGE_BYTES) {
      this.refuse(CloseCode.TooLarge, ErrorCode.InvalidMessage, 'The message is too large.')
      return
    }
    const parsed = parseMessage(ChatClientToServer, data)
    if (!parsed.ok) {
      this.error(ErrorCode.InvalidMessage, parsed.error.message)
      return
    }
    const message = parsed.message
    this.enqueue(() => this.handle(message))
  }

  /** Chat is text only. */
  binary(): void {
    this.client.silentTicks = 0
    this.error(ErrorCode.InvalidMessage, 'Chat messages are JSON text, not binary frames.')
  }

  closed(): void {
    this.deps.hub.leave(this.client)
    this.conversation = null
  }

  private async handle(message: ChatClientToServer): Promise<void> {
    if (message.type === 'heartbeat') return
    if (message.type === 'chat-join') return this.join(message)
    const conversation = this.conversation
    if (conversation === null) {
      this.refuse(CloseCode.ProtocolError, ErrorCode.Unauthorized, 'Send chat-join first.')
      return
    }
    if (message.conversationId !== conversation.id) {
      this.error(ErrorCode.Forbidden, 'This socket belongs to another conversation.')
      return
    }
    const other: ChatSide = this.side === 'customer' ? 'operator' : 'customer'
    const { hub, services } = this.deps
    switch (message.type) {
      case 'chat-message':
        return this.post(conversation, message.id, message.body)
      case 'typing':
        hub.broadcast(
          conversation.id,
          {
            type: 'typing',
            conversationId: conversation.id,
            role: this.side,
            isTyping: message.isTyping,
          },
          { side: other },
        )
        return
      case 'read':
        await chat.markRead(services, conversation.id, this.side, message.messageId)
        hub.broadcast(
          conversation.id,
          {
            type: 'read',
            conversationId: conversation.id,
            messageId: message.messageId,
            role: this.side,
          },
          { side: other },
        )
        return
      case 'remote-control-allowed':
      case 'remote-control-declined':
        if (this.side !== 'customer') {
          this.error(ErrorCode.Forbidden, 'Only the customer answers a remote-control request.')
          return
        }
        hub.broadcast(
          conversation.id,
          {
            type: 'remote-control-answer',
            conversationId: conversation.id,
            allowed: message.type === 'remote-control-allowed',
          },
          { side: 'operator' },
        )
        return
    }
  }

  private async join(message: Extract<ChatClientToServer, { type: 'chat-join' }>): Promise<void> {
    if (this.conversation !== null || this.joining) {
      this.error(ErrorCode.InvalidMessage, 'This socket has joined a conversation already.')
      return
    }
    this.joining = true
    const { services } = this.deps
    const access = this.access
    let conversation: chat.Conversation | null
    if (access.side === 'customer') {
      if (!this.deps.admitJoin(access.ip)) {
        this.refuse(CloseCode.RateLimited, ErrorCode.RateLimited, 'Too many attempts. Please wait.')
        return
      }
      conversation =
        message.customerToken === undefined
          ? null
          : await chat.authenticateCustomer(services, message.conversationId, message.customerToken)
      if (conversation === null) {
        this.deps.joinFailed(access.ip)
        this.refuse(
          CloseCode.Unauthorized,
          ErrorCode.Unauthorized,
          'This chat is not known (or its token is wrong). Please start a new chat.',
        )
        return
      }
      if (!(await isOriginAllowed(services, conversation.tenant_id, access.origin))) {
        this.refuse(CloseCode.Forbidden, ErrorCode.Forbidden, 'This website may not use the chat.')
        return
      }
    } else {
      const principal = access.principal
      if (principal === null) return
      conversation = await chat.findForTenant(services, message.conversationId, principal.tenantId)
      if (conversation === null) {
        this.refuse(CloseCode.Forbidden, ErrorCode.Forbidden, 'There is no such conversation.')
        return
      }
    }
    this.conversation = conversation
    for (const page of await chat.historyFor(
      services,
      conversation,
      this.side,
      message.afterMessageId,
    )) {
      this.send(page)
    }
    this.deps.hub.join(conversation.id, this.client)
    if (this.side === 'customer' && conversation.session_id !== null) {
      // A request the customer has not answered yet survives a reconnect.
      const session = await getSession(
        services,
        { tenantId: conversation.tenant_id, operatorId: '', role: 'admin' },
        conversation.session_id,
      )
      if (
        session?.state === 'waiting' &&
        Date.parse(session.expiresAt) > services.clock.now().getTime()
      ) {
        this.send(remoteControlRequest(services, conversation.id, session.code))
      }
    }
  }

  private async post(
    conversation: chat.Conversation,
    clientId: string,
    body: string,
  ): Promise<void> {
    const access = this.access
    const { services, hub } = this.deps
    let operatorId: string | null = null
    if (access.side === 'operator') {
      const fresh = await chat.findForTenant(services, conversation.id, conversation.tenant_id)
      operatorId = access.principal?.operatorId ?? null
      if (fresh?.state !== 'active' || fresh.operator_id !== operatorId) {
        this.error(ErrorCode.Forbidden, 'Take this conversation before writing in it.')
        return
      }
    }
    const role = access.side === 'customer' ? ChatRole.Customer : ChatRole.Operator
    const result = await chat.postMessage(
      services,
      conversation,
      { role, operatorId },
      clientId,
      body,
    )
    if (!result.ok) {
      this.error(ErrorCode.Forbidden, 'This conversation is closed; no new messages.')
      return
    }
    // Stored first, then acknowledged (SPEC.md M11).
    this.send({
      type: 'delivered',
      conversationId: conversation.id,
      messageId: clientId,
      sentAt: result.posted.sentAt,
    })
    if (!result.isResend) hub.broadcast(conversation.id, result.posted, { except: this.client })
  }

  private withinRate(): boolean {
    const now = Date.now()
    if (now - this.windowStart > CHAT_SOCKET_LIMITS.windowMs) {
      this.windowStart = now
      this.windowCount = 0
    }
    this.windowCount += 1
    if (this.windowCount > CHAT_SOCKET_LIMITS.hardLimit) {
      this.refuse(CloseCode.RateLimited, ErrorCode.RateLimited, 'Too many messages.')
      return false
    }
    if (this.windowCount > CHAT_SOCKET_LIMITS.softLimit) {
      this.error(ErrorCode.RateLimited, 'Too many messages; please slow down.')
      return false
    }
    return true
  }

  private send(message: ServerToChatClient): void {
    this.transport.send(JSON.stringify(message))
  }

  private error(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message: message.slice(0, 500) })
  }

  private refuse(close: CloseCode, code: ErrorCode, message: string): void {
    this.error(code, message)
    this.transport.close(close, message.slice(0, 100))
    this.deps.hub.leave(this.client)
  }

  /**
   * Runs `work` after the messages before it: a reconnecting widget resends its outbox right
   * behind `chat-join`, and those messages must find the join done (SPEC.md M9, M11).
   */
  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.deps.onError(error)
      this.error(ErrorCode.Internal, 'The server failed; please try again.')
    })
  }
}
