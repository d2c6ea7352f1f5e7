/**
 * Known-answer tests: the WebCrypto code must produce the same bytes as an independent
 * implementation (Node's OpenSSL-backed `node:crypto`) on fixed inputs, and one full vector
 * is pinned as hex so a change to any label, ordering or layout is caught.
 */
import { Buffer } from 'node:buffer'
import { createCipheriv, createECDH, createHash, hkdfSync } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { FRAME_HEADER_BYTES, FrameKind } from '../frames/constants.js'
import { createSealer } from './cipher.js'
import { agentHandshakeFrom, consoleHandshakeFrom, type Ephemeral } from './handshake.js'
import type { HandshakeResult } from './key-schedule.js'

const AGENT_PRIVATE = 'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721'
const CONSOLE_PRIVATE = '519b423d715f8b581f4fa8ee59f4771a5b44c8130b4e3eacca54a56dda72b464'
const AGENT_NONCE = Buffer.alloc(32, 0x11)
const CONSOLE_NONCE = Buffer.alloc(32, 0x22)
const PLAINTEXT = Buffer.from('{"type":"screen-info","width":1920,"height":1080}')

// Pinned once from this implementation, after the comparisons below agreed with node:crypto.
const PINNED = {
  transcriptHash: 'b25266aea72f79b937f8052a2f2cc790f3b437060c36838047f319cce222983d',
  verificationCode: '915033',
  agentFirstFrame:
    '010200000000000000000000000041' +
    '26e40dd54b7c3be755c11b3835f44978cff3d716e9575ba827db09fc67c45e97c76b082595daa326fb18fbb82a' +
    '5c61a8cdf3fca4a4ca1aa663a51e829a242c78e9',
}

function publicKeyOf(privateHex: string): Buffer {
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(Buffer.from(privateHex, 'hex'))
  return ecdh.getPublicKey()
}

async function ephemeral(privateHex: string, nonce: Buffer): Promise<Ephemeral> {
  const publicKey = publicKeyOf(privateHex)
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: Buffer.from(privateHex, 'hex').toString('base64url'),
    x: publicKey.subarray(1, 33).toString('base64url'),
    y: publicKey.subarray(33).toString('base64url'),
  }
  const algorithm = { name: 'ECDH', namedCurve: 'P-256' }
  const privateKey = await crypto.subtle.importKey('jwk', jwk, algorithm, false, ['deriveBits'])
  return { privateKey, publicKey: new Uint8Array(publicKey), nonce: new Uint8Array(nonce) }
}

async function fixedHandshake(): Promise<{ agent: HandshakeResult; console: HandshakeResult }> {
  const agentSide = await agentHandshakeFrom(await ephemeral(AGENT_PRIVATE, AGENT_NONCE))
  const consoleSide = consoleHandshakeFrom(await ephemeral(CONSOLE_PRIVATE, CONSOLE_NONCE))
  const { reveal, result } = await agentSide.handleConsoleHello(
    consoleSide.handleAgentCommit(agentSide.commit),
  )
  return { agent: result, console: await consoleSide.handleAgentHello(reveal) }
}

// The independent derivation, written from SPEC.md H4–H6 and C1–C3.
const agentPublic = publicKeyOf(AGENT_PRIVATE)
const consolePublic = publicKeyOf(CONSOLE_PRIVATE)
const shared = (() => {
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(Buffer.from(AGENT_PRIVATE, 'hex'))
  return ecdh.computeSecret(consolePublic)
})()
const transcript = Buffer.concat([
  Buffer.from('tasuke/e2e/v1/transcript'),
  Buffer.from([0, 1]),
  agentPublic,
  AGENT_NONCE,
  consolePublic,
  CONSOLE_NONCE,
])
const salt = createHash('sha256').update(transcript).digest()
const hkdf = (info: string, length: number) =>
  Buffer.from(hkdfSync('sha256', shared, salt, info, length))

function sealIndependently(
  key: Buffer,
  isDroppable: boolean,
  sequence: number,
  kind: number,
): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES)
  header.writeUInt8(1, 0)
  header.writeUInt8(kind, 1)
  header.writeUInt8(isDroppable ? 1 : 0, 2)
  header.writeBigUInt64BE(BigInt(sequence), 3)
  header.writeUInt32BE(PLAINTEXT.length + 16, 11)
  const nonce = Buffer.alloc(12)
  nonce.writeUInt32BE(isDroppable ? 1 : 0, 0)
  nonce.writeBigUInt64BE(BigInt(sequence), 4)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(header)
  return Buffer.concat([header, cipher.update(PLAINTEXT), cipher.final(), cipher.getAuthTag()])
}

describe('known answers', () => {
  it('[H5] WebCrypto HKDF-SHA-256 matches RFC 5869 test case 1', async () => {
    const ikm = await crypto.subtle.importKey('raw', new Uint8Array(22).fill(0x0b), 'HKDF', false, [
      'deriveBits',
    ])
    const salt = Uint8Array.from({ length: 13 }, (_, index) => index)
    const info = Uint8Array.from({ length: 10 }, (_, index) => 0xf0 + index)
    const okm = await crypto.subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt, info },
      ikm,
      336,
    )
    expect(Buffer.from(okm).toString('hex')).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    )
  })

  it('[H2] the commitment matches SHA-256 over label, version, agent key and nonce', async () => {
    const agentSide = await agentHandshakeFrom(await ephemeral(AGENT_PRIVATE, AGENT_NONCE))
    const expected = createHash('sha256')
      .update(Buffer.from('tasuke/e2e/v1/commitment'))
      .update(Buffer.from([0, 1]))
      .update(agentPublic)
      .update(AGENT_NONCE)
      .digest('base64url')
    expect(agentSide.commit.commitment).toBe(expected)
  })

  it('[H4] the transcript hash matches an independent SHA-256 of the transcript', async () => {
    const { agent, console } = await fixedHandshake()
    expect(Buffer.from(agent.transcriptHash).toString('hex')).toBe(salt.toString('hex'))
    expect(Buffer.from(console.transcriptHash).toString('hex')).toBe(salt.toString('hex'))
  })

  it('[H6] the verification code matches an independent HKDF derivation', async () => {
    const { agent, console } = await fixedHandshake()
    const value = hkdf('tasuke/e2e/v1/verification-code', 5).readUIntBE(0, 5)
    const expected = String(value % 1_000_000).padStart(6, '0')
    expect(agent.verificationCode).toBe(expected)
    expect(console.verificationCode).toBe(expected)
  })

  it('[C1] sealed frames match node:crypto AES-256-GCM under independently derived keys', async () => {
    const { agent, console } = await fixedHandshake()
    const agentToConsole = hkdf('tasuke/e2e/v1/agent-to-console', 32)
    const consoleToAgent = hkdf('tasuke/e2e/v1/console-to-agent', 32)
    const agentSealer = createSealer(agent.sendKey)
    const consoleSealer = createSealer(console.sendKey)
    const cases: [Uint8Array, Buffer][] = [
      [
        await agentSealer.seal(FrameKind.Message, PLAINTEXT),
        sealIndependently(agentToConsole, false, 0, 2),
      ],
      [
        await agentSealer.seal(FrameKind.Message, PLAINTEXT),
        sealIndependently(agentToConsole, false, 1, 2),
      ],
      [
        await agentSealer.seal(FrameKind.ScreenUpdate, PLAINTEXT, { isDroppable: true }),
        sealIndependently(agentToConsole, true, 0, 3),
      ],
      [
        await consoleSealer.seal(FrameKind.Message, PLAINTEXT),
        sealIndependently(consoleToAgent, false, 0, 2),
      ],
    ]
    for (const [actual, expected] of cases) {
      expect(Buffer.from(actual).toString('hex')).toBe(expected.toString('hex'))
    }
  })

  it('[H4] [H6] [C1] a full vector stays as pinned', async () => {
    const { agent } = await fixedHandshake()
    const frame = await createSealer(agent.sendKey).seal(FrameKind.Message, PLAINTEXT)
    expect({
      transcriptHash: Buffer.from(agent.transcriptHash).toString('hex'),
      verificationCode: agent.verificationCode,
      agentFirstFrame: Buffer.from(frame).toString('hex'),
    }).toEqual(PINNED)
  })
})
