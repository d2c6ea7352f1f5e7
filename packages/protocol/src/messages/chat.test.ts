/** The widget's additions to the chat messages (SPEC.md M9–M13). */
import { describe, expect, it } from 'vitest'

import { ChatClientToServer, CHAT_HISTORY_MAX_MESSAGES, ServerToChatClient } from './chat.js'
import { parseMessage } from './parse.js'

const posted = (id: string) => ({
  type: 'chat-message',
  conversationId: 'c1',
  id,
  author: { role: 'customer' },
  body: 'hello',
  sentAt: 1,
})

describe('chat join and history', () => {
  it('[M9] accepts a join with or without a customer token and refuses a short token', () => {
    const join = { type: 'chat-join', conversationId: 'c1' }
    expect(parseMessage(ChatClientToServer, JSON.stringify(join)).ok).toBe(true)
    const bad = parseMessage(
      ChatClientToServer,
      JSON.stringify({ ...join, customerToken: 'short' }),
    )
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toContain('/customerToken')
  })

  it('[M10] carries at most CHAT_HISTORY_MAX_MESSAGES messages in one history', () => {
    const history = (count: number) =>
      JSON.stringify({
        type: 'chat-history',
        conversationId: 'c1',
        state: 'waiting',
        messages: Array.from({ length: count }, (_, i) => posted(`m${i}`)),
        hasMore: true,
      })
    expect(
      parseMessage(ServerToChatClient, history(CHAT_HISTORY_MAX_MESSAGES), {
        maxBytes: 1 << 20,
      }).ok,
    ).toBe(true)
    expect(
      parseMessage(ServerToChatClient, history(CHAT_HISTORY_MAX_MESSAGES + 1), {
        maxBytes: 1 << 20,
      }).ok,
    ).toBe(false)
  })

  it('[M12] names the conversation states', () => {
    const state = (value: string) =>
      parseMessage(
        ServerToChatClient,
        JSON.stringify({ type: 'conversation-state', conversationId: 'c1', state: value }),
      )
    expect(state('active').ok).toBe(true)
    const bad = state('open')
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toContain('"waiting", "active", "closed"')
  })

  it('[M13] a remote-control request needs an 8-digit number and an http(s) URL', () => {
    const request = {
      type: 'remote-control-request',
      conversationId: 'c1',
      sessionCode: '12345678',
      downloadUrl: 'https://tasuke.test/join/12345678',
    }
    expect(parseMessage(ServerToChatClient, JSON.stringify(request)).ok).toBe(true)
    const check = (patch: Record<string, string>) =>
      parseMessage(ServerToChatClient, JSON.stringify({ ...request, ...patch })).ok
    expect(check({ sessionCode: '1234 5678' })).toBe(false)
    expect(check({ downloadUrl: 'javascript:alert(1)' })).toBe(false)
  })
})
