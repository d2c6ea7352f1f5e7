import { Buffer } from 'node:buffer'
import { createECDH, createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { HandshakeError } from '../errors.js'
import { FrameKind } from '../frames/constants.js'
import type { HandshakeHello } from '../messages/peer.js'
import { encodeBase64Url } from './base64url.js'
import { createOpener, createSealer } from './cipher.js'
import {
  agentHandshakeFrom,
  consoleHandshakeFrom,
  startAgentHandshake,
  startConsoleHandshake,
  type Ephemeral,
} from './handshake.js'
import type { HandshakeResult } from './key-schedule.js'

// A fixed key pair from a seed, so man-in-the-middle outcomes are deterministic.
async function fixedEphemeral(seed: string): Promise<Ephemeral> {
  const privateBytes = createHash('sha256').update(seed).digest()
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(privateBytes)
  const publicKey = new Uint8Array(ecdh.getPublicKey())
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: privateBytes.toString('base64url'),
    x: Buffer.from(publicKey.subarray(1, 33)).toString('base64url'),
    y: Buffer.from(publicKey.subarray(33)).toString('base64url'),
  }
  const privateKey = await crypto.subtle.importKey(
    'jwk',
    jwk,
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    ['deriveBits'],
  )
  const nonce = new Uint8Array(createHash('sha256').update(`${seed} nonce`).digest())
  return { privateKey, publicKey, nonce }
}

async function rejectionReason(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (error instanceof HandshakeError) return error.reason
  throw new Error(`expected a HandshakeError, got ${String(error)}`)
}

function thrownReason(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (error instanceof HandshakeError) return error.reason
    throw error
  }
  throw new Error('expected a HandshakeError')
}

async function runHandshake(): Promise<{ agent: HandshakeResult; console: HandshakeResult }> {
  const agent = await startAgentHandshake()
  const console = await startConsoleHandshake()
  const consoleHello = console.handleAgentCommit(agent.commit)
  const { reveal, result } = await agent.handleConsoleHello(consoleHello)
  return { agent: result, console: await console.handleAgentHello(reveal) }
}

const text = (value: string) => new TextEncoder().encode(value)

describe('handshake', () => {
  it('[H2] gives both sides the same transcript hash and verification code', async () => {
    const { agent, console } = await runHandshake()
    expect(agent.verificationCode).toMatch(/^[0-9]{6}$/)
    expect(console.verificationCode).toBe(agent.verificationCode)
    expect([...agent.transcriptHash]).toEqual([...console.transcriptHash])
    expect(agent.transcriptHash.byteLength).toBe(32)
  })

  it('[H5] gives keys that carry frames both ways', async () => {
    const { agent, console } = await runHandshake()
    const toConsole = await createSealer(agent.sendKey).seal(FrameKind.Message, text('to console'))
    const opened = await createOpener(console.receiveKey).open(toConsole)
    expect(new TextDecoder().decode(opened.plaintext)).toBe('to console')
    const toAgent = await createSealer(console.sendKey).seal(FrameKind.Message, text('to agent'))
    expect(
      new TextDecoder().decode((await createOpener(agent.receiveKey).open(toAgent)).plaintext),
    ).toBe('to agent')
  })

  it('[H5] keeps keys non-extractable and limited to their direction', async () => {
    const { agent } = await runHandshake()
    expect(agent.sendKey.extractable).toBe(false)
    expect(agent.receiveKey.extractable).toBe(false)
    expect(agent.sendKey.usages).toEqual(['encrypt'])
    expect(agent.receiveKey.usages).toEqual(['decrypt'])
    expect(agent.sendKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 })
  })

  it('[C8] does not open an agent-to-console frame with the console-to-agent key', async () => {
    const { agent } = await runHandshake()
    const frame = await createSealer(agent.sendKey).seal(FrameKind.Message, text('x'))
    await expect(createOpener(agent.receiveKey).open(frame)).rejects.toMatchObject({
      reason: 'authentication-failed',
    })
  })

  it('[H6] gives a man in the middle different codes on the two sides', async () => {
    const agentSide = await agentHandshakeFrom(await fixedEphemeral('agent'))
    const consoleSide = consoleHandshakeFrom(await fixedEphemeral('console'))
    // The relay answers each side with keys of its own.
    const fakeConsole = consoleHandshakeFrom(await fixedEphemeral('mallory as console'))
    const fakeAgent = await agentHandshakeFrom(await fixedEphemeral('mallory as agent'))

    const towardAgent = fakeConsole.handleAgentCommit(agentSide.commit)
    const agentOutcome = await agentSide.handleConsoleHello(towardAgent)
    const towardConsole = consoleSide.handleAgentCommit(fakeAgent.commit)
    const fakeAgentOutcome = await fakeAgent.handleConsoleHello(towardConsole)
    const consoleResult = await consoleSide.handleAgentHello(fakeAgentOutcome.reveal)

    expect(agentOutcome.result.verificationCode).not.toBe(consoleResult.verificationCode)
    expect([...agentOutcome.result.transcriptHash]).not.toEqual([...consoleResult.transcriptHash])
    const frame = await createSealer(agentOutcome.result.sendKey).seal(FrameKind.Message, text('x'))
    await expect(createOpener(consoleResult.receiveKey).open(frame)).rejects.toMatchObject({
      reason: 'authentication-failed',
    })
  })

  it('[H6] changes the code when only a nonce differs', async () => {
    const codes = new Set<string>()
    for (const seed of ['console', 'console again']) {
      const own = await fixedEphemeral('console')
      const other = await fixedEphemeral(seed)
      const agentSide = await agentHandshakeFrom(await fixedEphemeral('agent'))
      const consoleSide = consoleHandshakeFrom({ ...own, nonce: other.nonce })
      const { result } = await agentSide.handleConsoleHello(
        consoleSide.handleAgentCommit(agentSide.commit),
      )
      codes.add(result.verificationCode)
    }
    expect(codes.size).toBe(2)
  })

  it('[H3] refuses an agent hello that does not match the commitment', async () => {
    const agentSide = await startAgentHandshake()
    const consoleSide = await startConsoleHandshake()
    consoleSide.handleAgentCommit(agentSide.commit)
    const substitute = await startAgentHandshake()
    const { reveal } = await substitute.handleConsoleHello(
      (await startConsoleHandshake()).handleAgentCommit(substitute.commit),
    )
    expect(await rejectionReason(consoleSide.handleAgentHello(reveal))).toBe('commitment-mismatch')
  })

  it('[H3] refuses steps out of order or run twice', async () => {
    const agentSide = await startAgentHandshake()
    const consoleSide = await startConsoleHandshake()
    const stray = (await startAgentHandshake()).commit
    expect(await rejectionReason(consoleSide.handleAgentHello({} as HandshakeHello))).toBe(
      'unexpected-message',
    )
    const consoleHello = consoleSide.handleAgentCommit(agentSide.commit)
    expect(thrownReason(() => consoleSide.handleAgentCommit(stray))).toBe('unexpected-message')
    const { reveal } = await agentSide.handleConsoleHello(consoleHello)
    expect(await rejectionReason(agentSide.handleConsoleHello(consoleHello))).toBe(
      'unexpected-message',
    )
    await consoleSide.handleAgentHello(reveal)
    expect(await rejectionReason(consoleSide.handleAgentHello(reveal))).toBe('unexpected-message')
  })

  it('[H7] refuses keys that are not P-256 points, bad nonces and our own key', async () => {
    const own = await startAgentHandshake()
    const nonce = encodeBase64Url(new Uint8Array(32))
    const notOnCurve = new Uint8Array(65).fill(1)
    notOnCurve[0] = 4
    const cases: [HandshakeHello, string][] = [
      [
        { type: 'handshake-hello', publicKey: encodeBase64Url(notOnCurve), nonce },
        'invalid-public-key',
      ],
      [
        { type: 'handshake-hello', publicKey: encodeBase64Url(new Uint8Array(65)), nonce },
        'invalid-public-key',
      ],
      [{ type: 'handshake-hello', publicKey: 'A'.repeat(86), nonce }, 'invalid-public-key'],
    ]
    for (const [hello, reason] of cases) {
      const agentSide = await startAgentHandshake()
      expect(await rejectionReason(agentSide.handleConsoleHello(hello))).toBe(reason)
    }
    const consoleHello = (await startConsoleHandshake()).handleAgentCommit(own.commit)
    const agentSide = await startAgentHandshake()
    expect(
      await rejectionReason(
        agentSide.handleConsoleHello({ ...consoleHello, nonce: 'A'.repeat(42) + 'B' }),
      ),
    ).toBe('invalid-nonce')
    const consoleSide = await startConsoleHandshake()
    expect(
      thrownReason(() => consoleSide.handleAgentCommit({ ...own.commit, commitment: 'AA' })),
    ).toBe('invalid-nonce')
    // The relay reflects the console's own hello back at it as the agent's reveal.
    const victim = consoleHandshakeFrom(await fixedEphemeral('victim'))
    const victimHello = victim.handleAgentCommit(own.commit)
    expect(await rejectionReason(victim.handleAgentHello(victimHello))).toBe('reflected')
  })
})
