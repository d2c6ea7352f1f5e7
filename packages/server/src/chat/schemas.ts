/** Request and response schemas of the chat routes (docs/api.md "Website chat"). */
import { Type } from '@sinclair/typebox'

import { StringEnum } from '../sessions/schemas.js'

export const ConversationSchema = Type.Object({
  id: Type.String(),
  state: StringEnum(['waiting', 'active', 'closed'] as const),
  customerName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  lastMessageAt: Type.Union([Type.String(), Type.Null()]),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  operator: Type.Union([
    Type.Object({ id: Type.String(), displayName: Type.String() }),
    Type.Null(),
  ]),
  sessionId: Type.Union([Type.String(), Type.Null()]),
})

export const ConversationResponse = Type.Object({ conversation: ConversationSchema })

export const ConversationParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) },
  { additionalProperties: false },
)

export const TenantSlugParams = Type.Object(
  { slug: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' }) },
  { additionalProperties: false },
)

export const OpenConversationBody = Type.Object(
  {
    name: Type.Optional(
      Type.String({ maxLength: 128, description: "The customer's name, as they typed it." }),
    ),
  },
  { additionalProperties: false },
)

export const TranscriptMessage = Type.Object({
  id: Type.String(),
  role: StringEnum(['customer', 'operator', 'system'] as const),
  name: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  sentAt: Type.String(),
})

export const ChatSettingsSchema = Type.Object(
  {
    allowedOrigins: Type.Array(Type.String({ maxLength: 300 }), {
      maxItems: 50,
      description: 'Websites (origins) that may embed the widget; empty allows any.',
    }),
  },
  { additionalProperties: false },
)
