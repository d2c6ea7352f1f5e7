import { describe, expect, expectTypeOf, it } from 'vitest'

import { AgentToServer } from './agent-server.js'
import { ChatClientToServer } from './chat.js'
import type { MessageOf } from './fields.js'
import { MAX_MESSAGE_BYTES, parseMessage } from './parse.js'

const hello = {
  type: 'hello',
  protocolVersion: 1,
  agentToken: 'tok',
  os: { platform: 'linux', release: '6.1', arch: 'x64' },
}

describe('parseMessage', () => {
  it('[M3] returns a valid message from text and from bytes', () => {
    const text = JSON.stringify(hello)
    expect(parseMessage(AgentToServer, text)).toEqual({ ok: true, message: hello })
    expect(parseMessage(AgentToServer, new TextEncoder().encode(text))).toEqual({
      ok: true,
      message: hello,
    })
  })

  it('[M1] types the result as the union, narrowed by type', () => {
    const result = parseMessage(AgentToServer, JSON.stringify(hello))
    if (!result.ok) throw new Error(result.error.message)
    expectTypeOf(result.message).toEqualTypeOf<AgentToServer>()
    if (result.message.type === 'hello') expectTypeOf(result.message.os.arch).toBeString()
    expectTypeOf<MessageOf<AgentToServer, 'end'>['reason']>().toEqualTypeOf<
      'customer-ended' | 'handshake-failed' | 'verification-mismatch' | 'error'
    >()
  })

  it('[M4] refuses input over the limit before parsing', () => {
    const big = `"${'x'.repeat(MAX_MESSAGE_BYTES)}"`
    expect(parseMessage(AgentToServer, big)).toMatchObject({
      ok: false,
      error: { reason: 'too-large' },
    })
    expect(parseMessage(AgentToServer, new Uint8Array(MAX_MESSAGE_BYTES + 1))).toMatchObject({
      ok: false,
      error: { reason: 'too-large' },
    })
  })

  it('[M4] counts UTF-8 bytes, not characters', () => {
    const body = 'あ'.repeat(4000) // 12,000 bytes
    const text = JSON.stringify({ type: 'chat-message', conversationId: 'c', id: 'm', body })
    expect(parseMessage(ChatClientToServer, text).ok).toBe(true)
    expect(parseMessage(ChatClientToServer, text, { maxBytes: 10_000 })).toMatchObject({
      ok: false,
      error: { reason: 'too-large' },
    })
    expect(parseMessage(ChatClientToServer, '"😀"', { maxBytes: 5 })).toMatchObject({ ok: false })
    expect(parseMessage(ChatClientToServer, '"😀"', { maxBytes: 6 })).toMatchObject({
      error: { reason: 'invalid' },
    })
  })

  it('[M5] refuses text that is not JSON and bytes that are not UTF-8', () => {
    expect(parseMessage(AgentToServer, '{"type":')).toMatchObject({
      ok: false,
      error: { reason: 'malformed-json' },
    })
    expect(parseMessage(AgentToServer, new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({
      ok: false,
      error: { reason: 'malformed-json', message: 'message is not valid UTF-8' },
    })
  })

  it('[M6] names the first bad field by its path', () => {
    const bad = { ...hello, os: { ...hello.os, arch: 7 } }
    const result = parseMessage(AgentToServer, JSON.stringify(bad))
    expect(result).toMatchObject({ ok: false, error: { reason: 'invalid' } })
    expect(!result.ok && result.error.message).toMatch(/^field \/os\/arch: /)
  })

  it('[M6] names an unknown field', () => {
    const result = parseMessage(AgentToServer, JSON.stringify({ type: 'heartbeat', admin: true }))
    expect(!result.ok && result.error.message).toMatch(/^field \/admin: /)
  })

  it('[M6] lists the allowed values of an enumerated field', () => {
    const result = parseMessage(AgentToServer, '{"type":"end","reason":"nope"}')
    expect(!result.ok && result.error.message).toBe(
      'field /reason: expected one of: "customer-ended", "handshake-failed", "verification-mismatch", "error"',
    )
  })

  it('[M6] reports an unknown type with the known ones', () => {
    const result = parseMessage(AgentToServer, '{"type":"sudo"}')
    expect(!result.ok && result.error.message).toBe(
      'field /type: unknown message type "sudo" (expected one of: hello, consent-granted, consent-declined, heartbeat, end, restarting)',
    )
  })

  it('[M6] reports a missing type and a non-object', () => {
    expect(parseMessage(AgentToServer, '{}')).toMatchObject({
      error: { reason: 'invalid', message: 'field /type: expected a string' },
    })
    for (const raw of ['[]', 'null', '42', '"hello"']) {
      expect(parseMessage(AgentToServer, raw)).toMatchObject({
        error: {
          reason: 'invalid',
          message: 'message: expected a JSON object with a "type" field',
        },
      })
    }
  })

  it('[M6] treats a "__proto__" key as an unknown field', () => {
    const result = parseMessage(AgentToServer, '{"type":"heartbeat","__proto__":{"x":1}}')
    expect(result).toMatchObject({ ok: false, error: { reason: 'invalid' } })
  })
})
