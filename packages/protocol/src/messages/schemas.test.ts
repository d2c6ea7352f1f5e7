import type { TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'

import { AgentToServer, ServerToAgent } from './agent-server.js'
import { ChatClientToServer, ServerToChatClient } from './chat.js'
import { ConsoleToServer, ServerToConsole } from './console-server.js'
import { DeviceToServer, ServerToDevice } from './device-server.js'
import { AgentToConsole, ConsoleToAgent, PeerHandshake } from './peer.js'

const os = { platform: 'linux', release: '6.1.0', arch: 'x64' }
const key = 'A'.repeat(87)
const bytes32 = 'B'.repeat(43)

// One valid example of every message, by union.
const examples: Record<string, [TSchema, Record<string, unknown>[]]> = {
  AgentToServer: [
    AgentToServer,
    [
      { type: 'hello', protocolVersion: 1, agentToken: 'tok_abc.123', os },
      { type: 'consent-granted' },
      { type: 'consent-declined' },
      { type: 'heartbeat' },
      { type: 'end', reason: 'customer-ended' },
      { type: 'restarting' },
    ],
  ],
  ServerToAgent: [
    ServerToAgent,
    [
      {
        type: 'welcome',
        session: { id: 's1', tenantName: '株式会社テスト', operatorName: '佐藤' },
      },
      { type: 'peer-joined' },
      { type: 'peer-left', reason: 'disconnected' },
      { type: 'session-ended', reason: 'operator-ended' },
      { type: 'error', code: 'client-too-old', message: 'update the agent' },
      { type: 'heartbeat' },
    ],
  ],
  ConsoleToServer: [
    ConsoleToServer,
    [
      { type: 'join', sessionId: 'sess_01' },
      { type: 'heartbeat' },
      { type: 'end', reason: 'operator-ended' },
    ],
  ],
  ServerToConsole: [
    ServerToConsole,
    [
      { type: 'session-state', state: 'waiting' },
      { type: 'peer-joined', os },
      { type: 'peer-left', reason: 'heartbeat-timeout' },
      { type: 'session-ended', reason: 'expired' },
      { type: 'error', code: 'forbidden', message: '' },
      { type: 'heartbeat' },
    ],
  ],
  PeerHandshake: [
    PeerHandshake,
    [
      { type: 'handshake-commit', commitment: bytes32 },
      { type: 'handshake-hello', publicKey: key, nonce: bytes32 },
    ],
  ],
  AgentToConsole: [
    AgentToConsole,
    [
      { type: 'screen-info', width: 1920, height: 1080 },
      {
        type: 'screens',
        screens: [{ id: 'xinerama-0', x: 0, y: 0, width: 1280, height: 800 }],
        selected: 'all',
      },
      { type: 'cursor-shape', width: 1, height: 1, hotspotX: 0, hotspotY: 0, rgba: 'AAAA_w' },
      { type: 'cursor-position', x: 5, y: 6, visible: true },
      { type: 'pong', id: 7 },
      { type: 'clipboard-text', text: 'こんにちは' },
      {
        type: 'system-info',
        os: { platform: 'linux', release: '6.1.0', version: '#1 SMP Debian', arch: 'x64' },
        hostname: 'pc-01',
        user: 'yamada',
        uptimeSeconds: 3600,
        cpu: { model: 'AMD EPYC', cores: 2 },
        memory: { totalBytes: 8_000_000_000, freeBytes: 1_000_000_000 },
        disks: [{ mount: '/', totalBytes: 100, freeBytes: 50 }],
        network: [{ name: 'eth0', addresses: ['192.0.2.10', 'fe80::1'] }],
      },
      { type: 'customer-controls', isPaused: false, isViewOnly: true },
      { type: 'clipboard-sharing', isOn: true },
      { type: 'window-restriction', isOn: false },
      { type: 'restart-support', isAvailable: true },
      { type: 'file-accept', transferId: 1, offset: 0, savedAs: 'report (1).pdf' },
      { type: 'file-meta', transferId: 2, name: 'log.txt', size: 2 ** 31 },
      { type: 'file-ack', transferId: 1, offset: 262_144 },
      { type: 'file-done', transferId: 2, sha256: 'ab'.repeat(32) },
      { type: 'file-cancel', transferId: 1 },
      {
        type: 'file-result',
        transferId: 1,
        outcome: 'failed',
        problem: 'bad-name',
        detail: '".." is not allowed',
      },
      {
        type: 'file-listing',
        requestId: 3,
        path: '/home/yamada',
        parent: '/home',
        entries: [{ name: 'メモ.txt', kind: 'file', size: 12, modifiedAt: 1_764_000_000_000 }],
        isTruncated: false,
      },
      { type: 'file-browse-error', requestId: 4, problem: 'not-allowed', detail: '' },
      { type: 'file-access', browse: 'asking' },
      { type: 'file-offers', offers: [{ offerId: 'o1', name: 'error.log', size: 10 }] },
      { type: 'end', reason: 'verification-mismatch' },
    ],
  ],
  ConsoleToAgent: [
    ConsoleToAgent,
    [
      { type: 'pointer-event', x: 10, y: 20, buttons: 1 },
      { type: 'wheel-event', x: 10, y: 20, deltaX: 0, deltaY: -120.5 },
      { type: 'key-event', code: 'KeyA', key: 'a', isDown: true },
      { type: 'ctrl-alt-delete' },
      { type: 'clipboard-text', text: '' },
      { type: 'ack', sequence: 41 },
      { type: 'ping', id: 7 },
      { type: 'set-quality', quality: 'sharp' },
      { type: 'refresh' },
      { type: 'system-info-request' },
      { type: 'type-text', text: 'こんにちは & ls -la' },
      { type: 'select-screen', screen: 'xinerama-1' },
      { type: 'restart-computer' },
      { type: 'file-send', transferId: 1, path: 'setup/readme.txt', size: 0 },
      { type: 'file-fetch', transferId: 2, source: { offerId: 'o1' }, offset: 0 },
      { type: 'file-ack', transferId: 2, offset: 10 },
      { type: 'file-done', transferId: 1, sha256: '0f'.repeat(32) },
      { type: 'file-cancel', transferId: 2 },
      { type: 'file-result', transferId: 2, outcome: 'completed', problem: null, detail: '' },
      { type: 'file-browse', requestId: 1, path: '' },
      { type: 'end', reason: 'operator-ended' },
    ],
  ],
  ChatClientToServer: [
    ChatClientToServer,
    [
      { type: 'chat-message', conversationId: 'c1', id: 'm1', body: 'help' },
      { type: 'typing', conversationId: 'c1', isTyping: true },
      { type: 'read', conversationId: 'c1', messageId: 'm1' },
      {
        type: 'chat-join',
        conversationId: 'c1',
        customerToken: 'a'.repeat(43),
        afterMessageId: 'm1',
      },
      { type: 'heartbeat' },
      { type: 'remote-control-allowed', conversationId: 'c1' },
      { type: 'remote-control-declined', conversationId: 'c1' },
    ],
  ],
  DeviceToServer: [
    DeviceToServer,
    [
      {
        type: 'device-hello',
        protocolVersion: 1,
        deviceId: 'd1',
        deviceSecret: 'tsd_' + 'x'.repeat(43),
        agentVersion: '0.1.0',
        os,
      },
      { type: 'heartbeat' },
      { type: 'connect-refused', sessionId: 's1', reason: 'busy' },
      { type: 'session-resume', sessionId: 's1' },
    ],
  ],
  ServerToDevice: [
    ServerToDevice,
    [
      {
        type: 'device-welcome',
        deviceName: '受付PC',
        tenantName: 'Acme サポート',
        policy: { mode: 'ask-then-connect', askSeconds: 30 },
      },
      { type: 'policy-changed', policy: { mode: 'always-ask' } },
      {
        type: 'connect-request',
        sessionId: 's1',
        agentToken: 'tok_abc',
        operatorName: '佐藤',
        policy: { mode: 'connect' },
      },
      { type: 'error', code: 'internal', message: 'x' },
      { type: 'heartbeat' },
    ],
  ],
  ServerToChatClient: [
    ServerToChatClient,
    [
      {
        type: 'chat-message',
        conversationId: 'c1',
        id: 'm2',
        author: { role: 'operator', name: '佐藤' },
        body: 'どうしましたか',
        sentAt: 1_700_000_000_000,
      },
      { type: 'delivered', conversationId: 'c1', messageId: 'm1', sentAt: 1_700_000_000_000 },
      { type: 'typing', conversationId: 'c1', role: 'customer', isTyping: false },
      { type: 'read', conversationId: 'c1', messageId: 'm2', role: 'operator' },
      {
        type: 'chat-history',
        conversationId: 'c1',
        state: 'active',
        operatorName: '佐藤',
        messages: [
          {
            type: 'chat-message',
            conversationId: 'c1',
            id: 'm1',
            author: { role: 'customer' },
            body: 'help',
            sentAt: 1_700_000_000_000,
          },
        ],
        peerReadUpTo: 'm1',
        hasMore: false,
      },
      { type: 'conversation-state', conversationId: 'c1', state: 'closed' },
      {
        type: 'remote-control-request',
        conversationId: 'c1',
        sessionCode: '12345678',
        downloadUrl: 'https://tasuke.test/join/12345678',
      },
      { type: 'remote-control-answer', conversationId: 'c1', allowed: true },
      { type: 'error', code: 'forbidden', message: 'closed' },
      { type: 'heartbeat' },
    ],
  ],
}

interface SchemaNode {
  type?: string
  const?: unknown
  maxLength?: number
  minimum?: number
  maximum?: number
  additionalProperties?: unknown
  properties?: Record<string, SchemaNode>
  anyOf?: SchemaNode[]
  items?: SchemaNode
}

function* walk(node: SchemaNode, path: string): Generator<[string, SchemaNode]> {
  yield [path, node]
  for (const [name, child] of Object.entries(node.properties ?? {}))
    yield* walk(child, `${path}/${name}`)
  for (const [index, child] of (node.anyOf ?? []).entries()) yield* walk(child, `${path}|${index}`)
  if (node.items !== undefined) yield* walk(node.items, `${path}[]`)
}

describe.each(Object.entries(examples))('%s', (_name, [schema, messages]) => {
  it('[M1] has one member per example, each with a kebab-case type literal', () => {
    const types = (schema as SchemaNode).anyOf?.map((member) => member.properties?.['type']?.const)
    expect(types).toEqual(messages.map((message) => message['type']))
    for (const type of types ?? []) expect(type).toMatch(/^[a-z]+(-[a-z]+)*$/)
  })

  it('[M1] accepts a valid example of every member', () => {
    for (const message of messages) expect(Value.Check(schema, message)).toBe(true)
  })

  it('[M2] bounds every string and number and closes every object', () => {
    for (const [path, node] of walk(schema as SchemaNode, '')) {
      if (node.type === 'string' && node.const === undefined) {
        expect(node.maxLength, path).toBeTypeOf('number')
      }
      if (node.type === 'number' || node.type === 'integer') {
        expect(node.minimum, path).toBeTypeOf('number')
        expect(node.maximum, path).toBeTypeOf('number')
      }
      if (node.type === 'object') expect(node.additionalProperties, path).toBe(false)
    }
  })

  it('[M2] refuses an unknown field on every member', () => {
    for (const message of messages) {
      expect(Value.Check(schema, { ...message, extra: 1 })).toBe(false)
    }
  })
})

describe('field bounds', () => {
  it('[M2] refuses a chat body over 4000 characters and accepts one of 4000', () => {
    const message = { type: 'chat-message', conversationId: 'c1', id: 'm1' }
    expect(Value.Check(ChatClientToServer, { ...message, body: 'あ'.repeat(4000) })).toBe(true)
    expect(Value.Check(ChatClientToServer, { ...message, body: 'あ'.repeat(4001) })).toBe(false)
    expect(Value.Check(ChatClientToServer, { ...message, body: '' })).toBe(false)
  })

  it('[M2] refuses out-of-range numbers and non-integers', () => {
    const pointer = { type: 'pointer-event', x: 0, y: 0, buttons: 0 }
    expect(Value.Check(ConsoleToAgent, { ...pointer, x: 65_536 })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { ...pointer, x: -1 })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { ...pointer, x: 1.5 })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { type: 'ack', sequence: 2 ** 48 })).toBe(false)
  })

  it('[P1] refuses a cursor larger than 96 pixels a side or a hotspot outside it', () => {
    const cursor = { type: 'cursor-shape', width: 96, height: 96, hotspotX: 95, hotspotY: 0 }
    const rgba = 'A'.repeat(Math.ceil((96 * 96 * 4 * 4) / 3))
    expect(Value.Check(AgentToConsole, { ...cursor, rgba })).toBe(true)
    expect(Value.Check(AgentToConsole, { ...cursor, width: 97, rgba })).toBe(false)
    expect(Value.Check(AgentToConsole, { ...cursor, hotspotX: 96, rgba })).toBe(false)
    expect(Value.Check(AgentToConsole, { ...cursor, rgba: `${rgba}A` })).toBe(false)
    expect(Value.Check(AgentToConsole, { ...cursor, rgba: 'AA+A' })).toBe(false)
  })

  it('[T1] refuses a file message with a bad id, size, hash or source', () => {
    const send = { type: 'file-send', transferId: 1, path: 'a.txt', size: 1 }
    expect(Value.Check(ConsoleToAgent, send)).toBe(true)
    expect(Value.Check(ConsoleToAgent, { ...send, transferId: 2 ** 32 })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { ...send, size: 2 ** 50 + 1 })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { ...send, path: '' })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { ...send, path: 'a'.repeat(4097) })).toBe(false)
    const done = { type: 'file-done', transferId: 1, sha256: 'AB'.repeat(32) }
    expect(Value.Check(ConsoleToAgent, done)).toBe(false)
    const fetch = { type: 'file-fetch', transferId: 1, offset: 0 }
    expect(Value.Check(ConsoleToAgent, { ...fetch, source: { offerId: 'x', path: '/' } })).toBe(
      false,
    )
    expect(Value.Check(ConsoleToAgent, { ...fetch, source: { path: '/etc/hosts' } })).toBe(true)
  })

  it('[D3] refuses a policy outside its bounds or with a field its mode does not have', () => {
    const request = { type: 'connect-request', sessionId: 's1', agentToken: 't', operatorName: 'a' }
    const check = (policy: unknown) => Value.Check(ServerToDevice, { ...request, policy })
    expect(check({ mode: 'ask-then-connect', askSeconds: 5 })).toBe(true)
    expect(check({ mode: 'ask-then-connect', askSeconds: 4 })).toBe(false)
    expect(check({ mode: 'ask-then-connect', askSeconds: 301 })).toBe(false)
    expect(check({ mode: 'ask-then-connect' })).toBe(false)
    expect(check({ mode: 'connect', askSeconds: 30 })).toBe(false)
    expect(check({ mode: 'never' })).toBe(false)
    // [D5] A resumed session's token says so; nothing else passes for it.
    const resumed = (resume: unknown) =>
      Value.Check(ServerToDevice, { ...request, policy: { mode: 'connect' }, resume })
    expect(resumed(true)).toBe(true)
    expect(resumed('yes')).toBe(false)
  })

  it('[P5] refuses system information with too many disks or too long a text', () => {
    const info = {
      type: 'system-info',
      os: { platform: 'linux', release: '6', version: 'v', arch: 'x64' },
      hostname: 'h',
      user: 'u',
      uptimeSeconds: 1,
      cpu: { model: 'm', cores: 1 },
      memory: { totalBytes: 1, freeBytes: 1 },
      disks: [],
      network: [],
    }
    expect(Value.Check(AgentToConsole, info)).toBe(true)
    const disk = { mount: '/', totalBytes: 1, freeBytes: 1 }
    expect(Value.Check(AgentToConsole, { ...info, disks: Array(33).fill(disk) })).toBe(false)
    expect(Value.Check(AgentToConsole, { ...info, hostname: 'h'.repeat(257) })).toBe(false)
    expect(Value.Check(AgentToConsole, { ...info, uptimeSeconds: -1 })).toBe(false)
  })

  it('[P7][P8] bounds typed text and screen ids', () => {
    expect(Value.Check(ConsoleToAgent, { type: 'type-text', text: 'a'.repeat(4096) })).toBe(true)
    expect(Value.Check(ConsoleToAgent, { type: 'type-text', text: 'a'.repeat(4097) })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { type: 'type-text', text: '' })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { type: 'select-screen', screen: 'a b' })).toBe(false)
    expect(Value.Check(ConsoleToAgent, { type: 'select-screen', screen: 'all' })).toBe(true)
  })

  it('[P4] accepts only the known picture qualities', () => {
    expect(Value.Check(ConsoleToAgent, { type: 'set-quality', quality: 'fast' })).toBe(true)
    expect(Value.Check(ConsoleToAgent, { type: 'set-quality', quality: 'best' })).toBe(false)
  })

  it('[M2] refuses handshake values that are not base64url of the right length', () => {
    expect(
      Value.Check(PeerHandshake, { type: 'handshake-commit', commitment: 'B'.repeat(44) }),
    ).toBe(false)
    expect(
      Value.Check(PeerHandshake, { type: 'handshake-commit', commitment: `${'B'.repeat(42)}+` }),
    ).toBe(false)
  })
})
