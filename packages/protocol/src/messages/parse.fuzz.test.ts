import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'

import { AgentToServer, ServerToAgent } from './agent-server.js'
import { ChatClientToServer, ServerToChatClient } from './chat.js'
import { ConsoleToServer, ServerToConsole } from './console-server.js'
import { MAX_MESSAGE_BYTES, parseMessage, type ParseResult } from './parse.js'
import { AgentToConsole, ConsoleToAgent, PeerHandshake } from './peer.js'

const schemas = [
  AgentToServer,
  ServerToAgent,
  ConsoleToServer,
  ServerToConsole,
  PeerHandshake,
  AgentToConsole,
  ConsoleToAgent,
  ChatClientToServer,
  ServerToChatClient,
]

// Deterministic PRNG (mulberry32) so a failure can be replayed.
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const FIELDS = ['type', 'os', 'reason', 'sessionId', 'body', 'x', 'sequence', 'key', 'state']
const TYPES = ['hello', 'end', 'heartbeat', 'chat-message', 'key-event', 'ack', 'error', 'x']
const ATOMS = [0, -1, 1.5, 2 ** 53, 1e308, '', 'a', 'ー', '\u0000', '\ud800', true, false, null]

function randomValue(next: () => number, depth: number): unknown {
  const pick = next()
  if (depth > 4 || pick < 0.4) return ATOMS[Math.floor(next() * ATOMS.length)]
  if (pick < 0.55)
    return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1))
  const value: Record<string, unknown> = {}
  if (next() < 0.8) value['type'] = TYPES[Math.floor(next() * TYPES.length)]
  for (let count = Math.floor(next() * 5); count > 0; count -= 1) {
    value[FIELDS[Math.floor(next() * FIELDS.length)] ?? 'x'] = randomValue(next, depth + 1)
  }
  return value
}

function randomText(next: () => number): string {
  const length = Math.floor(next() * 64)
  let text = ''
  for (let index = 0; index < length; index += 1) {
    text +=
      next() < 0.5
        ? '{}[]":,0-9aetrfnul\\ '.charAt(Math.floor(next() * 20))
        : String.fromCharCode(Math.floor(next() * 0x10000))
  }
  return text
}

function expectWellFormed(result: ParseResult<unknown>, schema: (typeof schemas)[number]): void {
  if (result.ok) {
    expect(Value.Check(schema, result.message)).toBe(true)
  } else {
    expect(['malformed-json', 'too-large', 'invalid']).toContain(result.error.reason)
    expect(result.error.message.length).toBeGreaterThan(0)
    expect(result.error.message.length).toBeLessThan(1000)
  }
}

describe('parseMessage under random input', () => {
  it('[M3] never throws on random text', () => {
    const next = random(1)
    for (let round = 0; round < 3000; round += 1) {
      const schema = schemas[round % schemas.length] ?? AgentToServer
      expectWellFormed(parseMessage(schema, randomText(next)), schema)
    }
  })

  it('[M3] never throws on random bytes', () => {
    const next = random(2)
    for (let round = 0; round < 3000; round += 1) {
      const schema = schemas[round % schemas.length] ?? AgentToServer
      const bytes = Uint8Array.from({ length: Math.floor(next() * 64) }, () =>
        Math.floor(next() * 256),
      )
      expectWellFormed(parseMessage(schema, bytes), schema)
    }
  })

  it('[M3] never throws on random JSON values shaped like messages', () => {
    const next = random(3)
    for (let round = 0; round < 5000; round += 1) {
      const schema = schemas[round % schemas.length] ?? AgentToServer
      expectWellFormed(parseMessage(schema, JSON.stringify(randomValue(next, 0))), schema)
    }
  })

  it('[M3] never throws on deep nesting or values that do not fit a number', () => {
    const deep = '['.repeat(MAX_MESSAGE_BYTES / 2) + ']'.repeat(MAX_MESSAGE_BYTES / 2)
    for (const raw of [deep, '{"type":"ack","sequence":1e400}', '{"type":"ack","sequence":-0}']) {
      expectWellFormed(parseMessage(ConsoleToAgent, raw), ConsoleToAgent)
    }
  })

  it('[M3] refuses a value that is not text or bytes, at run time, without throwing', () => {
    const raw = new ArrayBuffer(4) as unknown as Uint8Array
    expect(parseMessage(AgentToServer, raw)).toMatchObject({ error: { reason: 'malformed-json' } })
  })
})
