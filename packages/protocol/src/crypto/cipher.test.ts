import { describe, expect, it } from 'vitest'

import { CipherError } from '../errors.js'
import { FRAME_HEADER_BYTES, FrameKind, MAX_FRAME_SEQUENCE } from '../frames/constants.js'
import { decodeFrame, encodeFrame } from '../frames/frame.js'
import { TAG_BYTES, buildNonce, createOpener, createSealer, sealerStartingAt } from './cipher.js'

async function newPair(): Promise<{ sealKey: CryptoKey; openKey: CryptoKey }> {
  const raw = crypto.getRandomValues(new Uint8Array(32))
  const importAs = (usage: KeyUsage) =>
    crypto.subtle.importKey('raw', raw, 'AES-GCM', false, [usage])
  return { sealKey: await importAs('encrypt'), openKey: await importAs('decrypt') }
}

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  )
  if (error instanceof CipherError) return error.reason
  throw new Error(`expected a CipherError, got ${String(error)}`)
}

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (plaintext: Uint8Array) => new TextDecoder().decode(plaintext)

describe('cipher', () => {
  it('[C1] round-trips frames of both sealed kinds', async () => {
    const { sealKey, openKey } = await newPair()
    const sealer = createSealer(sealKey)
    const opener = createOpener(openKey)
    const first = await sealer.seal(FrameKind.Message, bytes('{"type":"ack","sequence":1}'))
    const second = await sealer.seal(FrameKind.ScreenUpdate, new Uint8Array(1000))
    expect(decodeFrame(first).header).toMatchObject({ sequence: 0, payloadLength: 27 + TAG_BYTES })
    expect(await opener.open(first)).toMatchObject({ kind: FrameKind.Message, sequence: 0 })
    const opened = await opener.open(second)
    expect(opened).toMatchObject({ kind: FrameKind.ScreenUpdate, sequence: 1, isDroppable: false })
    expect(opened.plaintext).toEqual(new Uint8Array(1000))
  })

  it('[C2] builds the nonce from the delivery class and the sequence', () => {
    expect([...buildNonce(false, 0x0102_0304_0506)]).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6])
    expect([...buildNonce(true, 1)]).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1])
  })

  it('[C3] rejects a tampered ciphertext or tag', async () => {
    const { sealKey, openKey } = await newPair()
    const frame = await createSealer(sealKey).seal(FrameKind.Message, bytes('hello'))
    for (const offset of [FRAME_HEADER_BYTES, frame.length - 1]) {
      const tampered = frame.slice()
      tampered[offset] = (tampered[offset] ?? 0) ^ 1
      expect(await reasonOf(createOpener(openKey).open(tampered))).toBe('authentication-failed')
    }
  })

  it('[C3] rejects a tampered header (kind, delivery class, droppable sequence)', async () => {
    const { sealKey, openKey } = await newPair()
    const sealer = createSealer(sealKey)
    const reliable = await sealer.seal(FrameKind.Message, bytes('hello'))
    const droppable = await sealer.seal(FrameKind.ScreenUpdate, bytes('pixels'), {
      isDroppable: true,
    })
    const kindChanged = reliable.slice()
    kindChanged[1] = FrameKind.ScreenUpdate
    const classChanged = reliable.slice()
    classChanged[2] = 1
    const sequenceChanged = droppable.slice()
    sequenceChanged[10] = 5
    for (const tampered of [kindChanged, classChanged, sequenceChanged]) {
      expect(await reasonOf(createOpener(openKey).open(tampered))).toBe('authentication-failed')
    }
  })

  it('[C4] rejects a replayed frame', async () => {
    const { sealKey, openKey } = await newPair()
    const frame = await createSealer(sealKey).seal(FrameKind.Message, bytes('once'))
    const opener = createOpener(openKey)
    await opener.open(frame)
    expect(await reasonOf(opener.open(frame))).toBe('replayed')
  })

  it('[C4] rejects reordered and skipped reliable frames', async () => {
    const { sealKey, openKey } = await newPair()
    const sealer = createSealer(sealKey)
    const frames = [
      await sealer.seal(FrameKind.Message, bytes('0')),
      await sealer.seal(FrameKind.Message, bytes('1')),
      await sealer.seal(FrameKind.Message, bytes('2')),
    ] as const
    const opener = createOpener(openKey)
    expect(await reasonOf(opener.open(frames[1]))).toBe('out-of-order')
    expect(await reasonOf(opener.open(frames[2]))).toBe('out-of-order')
    expect(text((await opener.open(frames[0])).plaintext)).toBe('0')
    expect(await reasonOf(opener.open(frames[2]))).toBe('out-of-order')
    expect(text((await opener.open(frames[1])).plaintext)).toBe('1')
    expect(await reasonOf(opener.open(frames[0]))).toBe('replayed')
  })

  it('[C5] lets droppable frames skip ahead but never go back', async () => {
    const { sealKey, openKey } = await newPair()
    const sealer = createSealer(sealKey)
    const seal = (value: string) =>
      sealer.seal(FrameKind.ScreenUpdate, bytes(value), { isDroppable: true })
    const frames = [await seal('0'), await seal('1'), await seal('2')] as const
    const reliable = await sealer.seal(FrameKind.Message, bytes('reliable'))
    const opener = createOpener(openKey)
    expect((await opener.open(frames[2])).sequence).toBe(2)
    expect(await reasonOf(opener.open(frames[1]))).toBe('replayed')
    expect(await reasonOf(opener.open(frames[2]))).toBe('replayed')
    expect((await opener.open(reliable)).sequence).toBe(0)
  })

  it('[C6] refuses to seal past 2^48 frames per class', async () => {
    const { sealKey, openKey } = await newPair()
    const sealer = sealerStartingAt(sealKey, MAX_FRAME_SEQUENCE)
    const last = await sealer.seal(FrameKind.Message, bytes('last'), { isDroppable: true })
    expect(await createOpener(openKey).open(last)).toMatchObject({ sequence: MAX_FRAME_SEQUENCE })
    expect(
      await reasonOf(sealer.seal(FrameKind.Message, bytes('one more'), { isDroppable: true })),
    ).toBe('exhausted')
  })

  it('[C7] leaves the opener unchanged after a rejected frame', async () => {
    const { sealKey, openKey } = await newPair()
    const frame = await createSealer(sealKey).seal(FrameKind.Message, bytes('genuine'))
    const forged = frame.slice()
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 0x80
    const opener = createOpener(openKey)
    expect(await reasonOf(opener.open(forged))).toBe('authentication-failed')
    expect(await reasonOf(opener.open(frame.subarray(0, 20)))).toBe('truncated')
    expect(text((await opener.open(frame)).plaintext)).toBe('genuine')
  })

  it('[C7] accepts a frame only once even when opened concurrently', async () => {
    const { sealKey, openKey } = await newPair()
    const frame = await createSealer(sealKey).seal(FrameKind.Message, bytes('x'))
    const opener = createOpener(openKey)
    const outcomes = await Promise.allSettled([opener.open(frame), opener.open(frame)])
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected'])
  })

  it('[C7] numbers concurrent seals in call order', async () => {
    const { sealKey, openKey } = await newPair()
    const sealer = createSealer(sealKey)
    const frames = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        sealer.seal(FrameKind.Message, bytes(String(index))),
      ),
    )
    const opener = createOpener(openKey)
    for (const [index, frame] of frames.entries()) {
      expect(text((await opener.open(frame)).plaintext)).toBe(String(index))
    }
  })

  it('[C8] reports truncated and malformed frames', async () => {
    const { sealKey, openKey } = await newPair()
    const frame = await createSealer(sealKey).seal(FrameKind.Message, bytes('hello'))
    const opener = createOpener(openKey)
    expect(await reasonOf(opener.open(frame.subarray(0, frame.length - 1)))).toBe('truncated')
    expect(await reasonOf(opener.open(frame.subarray(0, 5)))).toBe('truncated')
    const tagless = encodeFrame({
      kind: FrameKind.Message,
      sequence: 0,
      payload: new Uint8Array(15),
    })
    expect(await reasonOf(opener.open(tagless))).toBe('truncated')
    const handshake = encodeFrame({
      kind: FrameKind.Handshake,
      sequence: 0,
      payload: new Uint8Array(20),
    })
    expect(await reasonOf(opener.open(handshake))).toBe('malformed')
    const badVersion = frame.slice()
    badVersion[0] = 9
    expect(await reasonOf(opener.open(badVersion))).toBe('malformed')
    expect(text((await opener.open(frame)).plaintext)).toBe('hello')
  })

  it('[C8] refuses keys of the wrong usage and handshake frames when sealing', async () => {
    const { sealKey, openKey } = await newPair()
    expect(() => createSealer(openKey)).toThrow(RangeError)
    expect(() => createOpener(sealKey)).toThrow(RangeError)
    await expect(
      createSealer(sealKey).seal(FrameKind.Handshake as never, bytes('{}')),
    ).rejects.toThrow(RangeError)
  })
})
