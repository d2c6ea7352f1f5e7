/**
 * Text chat between the website widget (customer) or the console (operator) and the server,
 * which stores and forwards it (SPEC.md M-rules).
 * @module
 */
import { Type, type Static } from '@sinclair/typebox'

import { DisplayName, EpochMilliseconds, Id, message, oneOf } from './fields.js'

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

/** Every chat message a widget or console may send to the server. */
export const ChatClientToServer = Type.Union([ChatSend, TypingChanged, ReadUpTo])
/** A chat message a widget or console sends to the server. */
export type ChatClientToServer = Static<typeof ChatClientToServer>

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

/** Every chat message the server may send to a widget or console. */
export const ServerToChatClient = Type.Union([ChatPosted, ChatDelivered, PeerTyping, PeerRead])
/** A chat message the server sends to a widget or console. */
export type ServerToChatClient = Static<typeof ServerToChatClient>
