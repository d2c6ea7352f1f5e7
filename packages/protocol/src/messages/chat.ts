/**
 * Text chat between the website widget (customer) or the console (operator) and the server,
 * which stores and forwards it (SPEC.md M-rules).
 * @module
 */
import { Type, type Static } from '@sinclair/typebox'

import { DisplayName, EpochMilliseconds, Id, message, oneOf } from './fields.js'
import { Heartbeat, ServerError } from './server-notices.js'

/** The most characters one chat message may hold. */
export const CHAT_MESSAGE_MAX_LENGTH = 4000

/** Who wrote a chat message or is typing. */
export const ChatRole = {
  Customer: 'customer',
  Operator: 'operator',
  /** The service itself (e.g. "the operator asked for remote control"). */
  System: 'system',
} as const
/** A value of {@link ChatRole}. */
export type ChatRole = (typeof ChatRole)[keyof typeof ChatRole]

const Body = Type.String({ minLength: 1, maxLength: CHAT_MESSAGE_MAX_LENGTH })
const Role = oneOf(Object.values(ChatRole))

/** A new message; `id` is chosen by the client so a resend is recognised, not duplicated. */
export const ChatSend = message('chat-message', { conversationId: Id, id: Id, body: Body })

/** The client's user started or stopped typing. */
export const TypingChanged = message('typing', { conversationId: Id, isTyping: Type.Boolean() })

/** The client's user has read every message up to and including `messageId`. */
export const ReadUpTo = message('read', { conversationId: Id, messageId: Id })

/** A message in the conversation, stamped by the server. */
export const ChatPosted = message('chat-message', {
  conversationId: Id,
  id: Id,
  author: Type.Object(
    { role: Role, name: Type.Optional(DisplayName) },
    { additionalProperties: false },
  ),
  body: Body,
  sentAt: EpochMilliseconds,
})

/** The server stored the client's message `messageId`. */
export const ChatDelivered = message('delivered', {
  conversationId: Id,
  messageId: Id,
  sentAt: EpochMilliseconds,
})

/** The other party started or stopped typing. */
export const PeerTyping = message('typing', {
  conversationId: Id,
  role: Role,
  isTyping: Type.Boolean(),
})

/** The other party has read every message up to and including `messageId`. */
export const PeerRead = message('read', { conversationId: Id, messageId: Id, role: Role })

// ── Added for the website widget (SPEC.md M9–M13) ─────────────────────────────────────

/** A customer's secret for one conversation (base64url, issued by the server). */
const CustomerToken = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' })

/** Where a conversation stands: in the tenant's queue, taken by an operator, or over. */
export const ConversationState = {
  Waiting: 'waiting',
  Active: 'active',
  Closed: 'closed',
} as const
/** A value of {@link ConversationState}. */
export type ConversationState = (typeof ConversationState)[keyof typeof ConversationState]

const State = oneOf(Object.values(ConversationState))

/**
 * The first message on a chat socket: which conversation, and (customers only) the token
 * that proves it is theirs, sent here rather than in the URL so it never reaches a log.
 * `afterMessageId` is the last message the client has; the server replays what follows.
 */
export const ChatJoin = message('chat-join', {
  conversationId: Id,
  customerToken: Type.Optional(CustomerToken),
  afterMessageId: Type.Optional(Id),
})

/** The customer allowed the operator's remote-control request (the agent still asks locally). */
export const RemoteControlAllowed = message('remote-control-allowed', { conversationId: Id })

/** The customer declined the operator's remote-control request. */
export const RemoteControlDeclined = message('remote-control-declined', { conversationId: Id })

/** The most messages one `chat-history` carries; a longer gap arrives in several. */
export const CHAT_HISTORY_MAX_MESSAGES = 200

/**
 * The answer to `chat-join`: the messages after `afterMessageId` (all, without it), oldest
 * first, where the conversation stands, and how far the other side has read. `hasMore` is
 * true when more follow in the next `chat-history`.
 */
export const ChatHistory = message('chat-history', {
  conversationId: Id,
  state: State,
  operatorName: Type.Optional(DisplayName),
  messages: Type.Array(ChatPosted, { maxItems: CHAT_HISTORY_MAX_MESSAGES }),
  peerReadUpTo: Type.Optional(Id),
  hasMore: Type.Boolean(),
})

/** The conversation was taken by an operator or closed. */
export const ConversationStateChanged = message('conversation-state', {
  conversationId: Id,
  state: State,
  operatorName: Type.Optional(DisplayName),
})

/** The operator asks to see the customer's screen: a session number and its download page. */
export const RemoteControlRequest = message('remote-control-request', {
  conversationId: Id,
  sessionCode: Type.String({ pattern: '^[0-9]{8}$', minLength: 8, maxLength: 8 }),
  downloadUrl: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' }),
})

/** Tells the operator what the customer answered. */
export const RemoteControlAnswered = message('remote-control-answer', {
  conversationId: Id,
  allowed: Type.Boolean(),
})

/** Every chat message a widget or console may send to the server. */
export const ChatClientToServer = Type.Union([
  ChatSend,
  TypingChanged,
  ReadUpTo,
  ChatJoin,
  Heartbeat,
  RemoteControlAllowed,
  RemoteControlDeclined,
])
/** A chat message a widget or console sends to the server. */
export type ChatClientToServer = Static<typeof ChatClientToServer>

/** Every chat message the server may send to a widget or console. */
export const ServerToChatClient = Type.Union([
  ChatPosted,
  ChatDelivered,
  PeerTyping,
  PeerRead,
  ChatHistory,
  ConversationStateChanged,
  RemoteControlRequest,
  RemoteControlAnswered,
  ServerError,
  Heartbeat,
])
/** A chat message the server sends to a widget or console. */
export type ServerToChatClient = Static<typeof ServerToChatClient>
