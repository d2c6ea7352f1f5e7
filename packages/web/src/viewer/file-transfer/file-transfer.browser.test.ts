/**
 * File transfer through the real `ConsoleSession` in Chromium (SPEC.md T1–T5, T8, F11): the
 * page reads a Blob, hashes it with this module's SHA-256 and seals `FileChunk` frames over a
 * real WebSocket; the agent's side is played here in Node with the protocol package. A fetched
 * file becomes a real browser download. (The real agent and relay: e2e/file-transfer.)
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

import {
  type ConsoleToAgent,
  type FileChunk,
  FILE_CHUNK_MAX_BYTES,
  FrameKind,
  decodeFrameHeader,
} from '@tasuke/protocol'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { CHROMIUM_PATH, launchChromium } from '../../shared/test-support/chromium'
import { type FakeRelay, type RelayLink, startFakeRelay } from '../test-support/fake-relay'
import { type ServedPage, servePage } from '../test-support/serve-page'
import { type TestAgent, startTestAgent } from '../test-support/test-agent'

const TIMEOUT_MS = 60_000
const OS = { platform: 'linux', release: '6.1', arch: 'x64' }

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const isChunk = (value: ConsoleToAgent | FileChunk): value is FileChunk => 'data' in value

describe.skipIf(!existsSync(CHROMIUM_PATH))(
  'file transfer in Chromium',
  { timeout: TIMEOUT_MS },
  () => {
    let browser: Browser
    let served: ServedPage
    let relay: FakeRelay
    let page: Page
    let link: RelayLink
    let agent: TestAgent
    const pageErrors: Error[] = []

    /** Opens the console's frames in order (one counter) until `accept` takes one. */
    async function next<T extends ConsoleToAgent | FileChunk>(
      accept: (value: ConsoleToAgent | FileChunk) => value is T,
    ): Promise<T> {
      let found: T | undefined
      await link.nextFrame(async (frame) => {
        const value = await agent.openAny(frame)
        if (!accept(value)) return false
        found = value
        return true
      })
      if (found === undefined) throw new Error('no frame')
      return found
    }
    const message =
      <Type extends ConsoleToAgent['type']>(type: Type) =>
      (value: ConsoleToAgent | FileChunk): value is Extract<ConsoleToAgent, { type: Type }> =>
        !isChunk(value) && value.type === type
    const chunkOrDone = (
      value: ConsoleToAgent | FileChunk,
    ): value is FileChunk | Extract<ConsoleToAgent, { type: 'file-done' }> =>
      isChunk(value) || value.type === 'file-done'
    const send = async (value: Parameters<TestAgent['sealMessage']>[0]) => {
      link.sendFrame(await agent.sealMessage(value))
    }
    const handshake = async () => {
      agent = await startTestAgent()
      link.sendJson({ type: 'peer-joined', os: OS })
      link.sendFrame(agent.commitFrame)
      // Frames sealed under the keys of before are dropped with the old agent.
      const hello = await link.nextFrame(
        (frame) => decodeFrameHeader(frame).kind === FrameKind.Handshake,
      )
      link.sendFrame(await agent.answer(hello))
      await page.waitForFunction(() => window.transferTest.phase() === 'active')
    }
    const phaseOf = (id: number) =>
      page.evaluate((transferId) => {
        return window.transferTest.view().transfers.find((t) => t.id === transferId)?.phase.name
      }, id)

    /**
     * Plays the agent receiving a file: chunks must come in order from `from`; acks every
     * chunk (or none past `ackLimit`); stops after `stopAfter` bytes or at `file-done`.
     */
    async function receive(
      id: number,
      from: number,
      options: { stopAfter?: number; ackLimit?: number } = {},
    ) {
      const pieces: Uint8Array[] = []
      let offset = from
      for (;;) {
        const value = await next(chunkOrDone)
        if (!isChunk(value)) return { pieces, sha256: value.sha256, offset }
        expect(value.transferId).toBe(id)
        expect(value.offset).toBe(offset)
        expect(value.data.byteLength).toBeLessThanOrEqual(FILE_CHUNK_MAX_BYTES)
        pieces.push(value.data.slice())
        offset += value.data.byteLength
        if (offset <= (options.ackLimit ?? Infinity)) {
          await send({ type: 'file-ack', transferId: id, offset })
        }
        if (options.stopAfter !== undefined && offset >= options.stopAfter) {
          return { pieces, sha256: null, offset }
        }
      }
    }

    beforeAll(async () => {
      ;[served, relay] = await Promise.all([
        servePage('../file-transfer/test-support/transfer-page.ts'),
        startFakeRelay(),
      ])
      browser = await launchChromium()
      page = await browser.newPage({ acceptDownloads: true })
      page.on('pageerror', (error) => pageErrors.push(error))
      await page.goto(`${served.url}?ws=${encodeURIComponent(relay.url)}`)
      await page.waitForFunction(() => 'transferTest' in window)
      link = await relay.nextConsole()
      await handshake()
    }, TIMEOUT_MS)

    afterAll(async () => {
      await browser.close()
      await Promise.all([served.close(), relay.close()])
      expect(pageErrors).toEqual([])
    }, TIMEOUT_MS)

    it('[T1][T2][T3][T4] sends a Blob in sealed chunks, in order, ending with its SHA-256', async () => {
      const size = 5 * 1024 * 1024 + 123
      const expected = await page.evaluate(
        ([path, bytes]) => window.transferTest.sendRandom(path, bytes),
        ['写真/旅行 1.jpg', size] as const,
      )
      const announced = await next(message('file-send'))
      expect(announced).toMatchObject({ path: '写真/旅行 1.jpg', size })
      await send({
        type: 'file-accept',
        transferId: announced.transferId,
        offset: 0,
        savedAs: '写真/旅行 1.jpg',
      })
      const received = await receive(announced.transferId, 0)
      const bytes = Buffer.concat(received.pieces)
      expect(bytes.byteLength).toBe(size)
      expect(sha256(bytes)).toBe(expected)
      expect(received.sha256).toBe(expected)
      await send({
        type: 'file-result',
        transferId: announced.transferId,
        outcome: 'completed',
        problem: null,
        detail: '',
      })
      await expect.poll(() => phaseOf(announced.transferId)).toBe('completed')
    })

    it('[T5] resumes a send after a new handshake from the offset the agent kept', async () => {
      const size = 6 * 1024 * 1024
      const expected = await page.evaluate(
        ([path, bytes]) => window.transferTest.sendRandom(path, bytes),
        ['resume.bin', size] as const,
      )
      const announced = await next(message('file-send'))
      const id = announced.transferId
      await send({ type: 'file-accept', transferId: id, offset: 0, savedAs: 'resume.bin' })
      const kept = 3 * FILE_CHUNK_MAX_BYTES
      const first = await receive(id, 0, { stopAfter: kept, ackLimit: kept })
      link.sendJson({ type: 'peer-left', reason: 'disconnected' })
      await expect.poll(() => phaseOf(id)).toBe('waiting-for-link')

      await handshake()
      const again = await next(message('file-send'))
      expect(again).toEqual(announced)
      await send({ type: 'file-accept', transferId: id, offset: kept, savedAs: 'resume.bin' })
      const rest = await receive(id, kept)
      // What the agent kept, then what came after the resume: the whole file, once.
      const whole = Buffer.concat([Buffer.concat(first.pieces).subarray(0, kept), ...rest.pieces])
      expect(whole.byteLength).toBe(size)
      expect(sha256(whole)).toBe(expected)
      expect(rest.sha256).toBe(expected)
    })

    it('[T8][T4] downloads a file the customer offers, after checking its SHA-256', async () => {
      const content = randomBytes(700_000)
      await send({
        type: 'file-offers',
        offers: [{ offerId: 'offer-1', name: '請求書.pdf', size: content.byteLength }],
      })
      await page.waitForFunction(() => window.transferTest.view().offers.length === 1)
      const downloading = page.waitForEvent('download')
      const id = await page.evaluate(() => window.transferTest.fetchOffer('offer-1', '請求書.pdf'))
      expect(await next(message('file-fetch'))).toEqual({
        type: 'file-fetch',
        transferId: id,
        source: { offerId: 'offer-1' },
        offset: 0,
      })
      await send({
        type: 'file-meta',
        transferId: id,
        name: '請求書.pdf',
        size: content.byteLength,
      })
      for (let offset = 0; offset < content.byteLength; offset += FILE_CHUNK_MAX_BYTES) {
        const data = content.subarray(offset, offset + FILE_CHUNK_MAX_BYTES)
        link.sendFrame(await agent.sealChunk({ transferId: id, offset, data }))
        expect(await next(message('file-ack'))).toEqual({
          type: 'file-ack',
          transferId: id,
          offset: offset + data.byteLength,
        })
      }
      await send({ type: 'file-done', transferId: id, sha256: sha256(content) })
      expect(await next(message('file-result'))).toEqual({
        type: 'file-result',
        transferId: id,
        outcome: 'completed',
        problem: null,
        detail: '',
      })
      const download = await downloading
      expect(download.suggestedFilename()).toBe('請求書.pdf')
      expect(sha256(await readFile(await download.path()))).toBe(sha256(content))
    })

    it('[T4] refuses a fetched file whose SHA-256 differs', async () => {
      const id = await page.evaluate(() => window.transferTest.fetchOffer('offer-1', '請求書.pdf'))
      await next(message('file-fetch'))
      await send({ type: 'file-meta', transferId: id, name: '請求書.pdf', size: 10 })
      link.sendFrame(await agent.sealChunk({ transferId: id, offset: 0, data: new Uint8Array(10) }))
      await send({ type: 'file-done', transferId: id, sha256: 'f'.repeat(64) })
      expect(await next(message('file-result'))).toMatchObject({
        transferId: id,
        outcome: 'failed',
        problem: 'hash-mismatch',
      })
      expect(await phaseOf(id)).toBe('failed')
    })
  },
)
