import { ScreenEncoding, formatVerificationCode } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { type ChannelFailure, PeerChannel } from './peer-channel'
import { startTestAgent } from '../test-support/test-agent'

function harness() {
  const sent: Uint8Array[] = []
  const codes: string[] = []
  const messages: unknown[] = []
  const updates: { sequence: number; width: number }[] = []
  const failures: ChannelFailure[] = []
  const channel = new PeerChannel((bytes) => sent.push(bytes), {
    onSecured: (code) => codes.push(code),
    onMessage: (message) => messages.push(message),
    onScreenUpdate: (update, sequence) => updates.push({ sequence, width: update.width }),
    onFailed: (failure) => failures.push(failure),
  })
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i += 1) await new Promise((r) => setTimeout(r, 5))
    if (!check()) throw new Error('timed out')
  }
  /** Runs a whole handshake with a fresh agent. */
  const secure = async () => {
    const agent = await startTestAgent()
    const before = sent.length
    const codesBefore = codes.length
    channel.receive(agent.commitFrame)
    await until(() => sent.length > before)
    channel.receive(await agent.answer(sent.at(-1) ?? new Uint8Array()))
    await until(() => codes.length > codesBefore)
    return agent
  }
  return { channel, sent, codes, messages, updates, failures, until, secure }
}

const region = { x: 0, y: 0, width: 2, height: 1, encoding: ScreenEncoding.Png }

describe('PeerChannel (console side of the end-to-end channel)', () => {
  it('[H2][H6] runs the handshake as the console and gets the agent’s verification code', async () => {
    const h = harness()
    h.channel.restart()
    const agent = await h.secure()
    expect(h.codes).toEqual([agent.verificationCode()])
    expect(formatVerificationCode(h.codes[0] ?? '')).toMatch(/^\d{3} \d{3}$/)
    expect(h.channel.isSecured).toBe(true)
  })

  it('[C8] opens sealed messages and screen updates, and seals what it sends', async () => {
    const h = harness()
    const agent = await h.secure()
    h.channel.receive(await agent.sealMessage({ type: 'screen-info', width: 640, height: 480 }))
    h.channel.receive(await agent.sealUpdate({ ...region, image: new Uint8Array([1]) }))
    h.channel.receive(await agent.sealUpdate({ ...region, image: new Uint8Array([2]) }, true))
    await h.until(() => h.updates.length === 2)
    expect(h.messages).toEqual([{ type: 'screen-info', width: 640, height: 480 }])
    expect(h.updates).toEqual([
      { sequence: 1, width: 2 },
      { sequence: 0, width: 2 },
    ])
    expect(await h.channel.send({ type: 'ack', sequence: 1 })).toBe(true)
    expect(await agent.open(h.sent.at(-1) ?? new Uint8Array())).toEqual({
      type: 'ack',
      sequence: 1,
    })
  })

  it('[C3] fails on a tampered frame and opens nothing afterwards', async () => {
    const h = harness()
    const agent = await h.secure()
    const frame = await agent.sealMessage({ type: 'pong', id: 1 })
    frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 1
    h.channel.receive(frame)
    h.channel.receive(await agent.sealMessage({ type: 'pong', id: 2 }))
    await h.until(() => h.failures.length > 0)
    expect(h.failures.map((failure) => failure.kind)).toEqual(['bad-frame'])
    expect(h.failures[0]?.detail).toContain('authentication-failed')
    expect(h.messages).toEqual([])
    expect(await h.channel.send({ type: 'ping', id: 1 })).toBe(false)
  })

  it('[H7] fails when a sealed frame comes before any handshake: never plaintext', async () => {
    const h = harness()
    const other = harness()
    const agent = await other.secure()
    h.channel.receive(await agent.sealMessage({ type: 'pong', id: 1 }))
    await h.until(() => h.failures.length > 0)
    expect(h.failures[0]?.kind).toBe('handshake-failed')
  })

  it('[H3] fails when the agent’s hello does not match its commitment', async () => {
    const h = harness()
    const honest = await startTestAgent()
    const other = await startTestAgent()
    h.channel.receive(honest.commitFrame)
    await h.until(() => h.sent.length === 1)
    h.channel.receive(await other.answer(h.sent[0] ?? new Uint8Array()))
    await h.until(() => h.failures.length > 0)
    expect(h.failures[0]?.kind).toBe('handshake-failed')
    expect(h.failures[0]?.detail).toContain('commitment-mismatch')
  })

  it('runs a new handshake after a restart (resume) with new keys and a new code', async () => {
    const h = harness()
    const first = await h.secure()
    h.channel.suspend()
    expect(await h.channel.send({ type: 'ping', id: 1 })).toBe(false)
    h.channel.restart()
    const second = await h.secure()
    expect(h.codes).toEqual([first.verificationCode(), second.verificationCode()])
    h.channel.receive(await second.sealMessage({ type: 'pong', id: 7 }))
    await h.until(() => h.messages.length === 1)
    expect(h.failures).toEqual([])
    // A frame of the old keys is refused.
    h.channel.receive(await first.sealMessage({ type: 'pong', id: 8 }))
    await h.until(() => h.failures.length === 1)
  })
})
