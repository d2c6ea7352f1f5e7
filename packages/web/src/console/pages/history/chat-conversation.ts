/**
 * The website chat's closed conversations and transcripts as the console reads them
 * (docs/api.md "Website chat": GET /chat/conversations, GET /chat/conversations/:id/messages).
 */
import type { OperatorRef } from '../../types'

export interface ChatConversation {
  readonly id: string
  readonly state: 'waiting' | 'active' | 'closed'
  readonly customerName: string | null
  readonly createdAt: string
  readonly lastMessageAt: string | null
  readonly closedAt: string | null
  readonly operator: OperatorRef | null
  readonly sessionId: string | null
}

export interface TranscriptMessage {
  readonly id: string
  readonly role: 'customer' | 'operator' | 'system'
  readonly name: string | null
  readonly body: string
  readonly sentAt: string
}

export interface Transcript {
  readonly conversation: ChatConversation
  readonly messages: readonly TranscriptMessage[]
}

/** The API's most closed conversations in one answer. */
export const MAX_CONVERSATIONS = 500
