/**
 * File transfer (SPEC.md T1–T8, F11) between the agent's session and a console written with
 * the protocol package, through the REAL relay (the built server as a process): both ways
 * with the SHA-256 checked, hostile names refused with nothing written anywhere, cancel from
 * either side, resume after a cut network from the stored offset, a name clash, browsing
 * with the customer's permission.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import {
  type AgentToConsole,
  FILE_CHUNK_MAX_BYTES,
  FILE_WINDOW_BYTES,
  type FileChunk,
} from '@tasuke/protocol'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { receiveFolder } from '../file-transfer/receive-folder.js'
import { redeem } from '../server-api/redeem.js'
import { waitFor } from '../test-support/wait-for.js'
import { runAttendedSession, type SessionOutcome } from './attended-session.js'
import { openRelayLink } from './relay-link.js'
import { type ConnectProxy, startConnectProxy } from './test-support/connect-proxy.js'
import { type ConsolePeer, openConsolePeer } from './test-support/console-peer.js'
import { fakeUi, type FakeUi, recordingInput, recordingStreams } from './test-support/fakes.js'
import { hasBuiltServer, type RelayServer, startRelayServer } from './test-support/relay-server.js'

const TIMEOUT_MS = 60_000

interface Running {
  readonly ui: FakeUi
  readonly console: ConsolePeer
  readonly outcome: Promise<SessionOutcome>
}

type Of<T extends AgentToConsole['type']> = Extract<AgentToConsole, { type: T }>

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** The console's next message of a type for a transfer (or any, without an id). */
function nextOf<T extends AgentToConsole['type']>(
  console: ConsolePeer,
  type: T,
  match: (message: Of<T>) => boolean = () => true,
  timeoutMs?: number,
): Promise<Of<T>> {
  return waitFor(
    type,
    () =>
      console.messages.find(
        (message): message is Of<T> => message.type === type && match(message as Of<T>),
      ),
    timeoutMs,
  )
}

/** Compares big buffers by length and hash (a deep `toEqual` of megabytes takes minutes). */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.byteLength).toBe(expected.byteLength)
  expect(sha256(actual)).toBe(sha256(expected))
}

/** Sends `bytes` from `from` as chunks. */
async function sendBytes(console: ConsolePeer, transferId: number, bytes: Uint8Array, from = 0) {
  for (let offset = from; offset < bytes.byteLength; offset += FILE_CHUNK_MAX_BYTES) {
    const data = bytes.subarray(offset, Math.min(bytes.byteLength, offset + FILE_CHUNK_MAX_BYTES))
    await console.sendChunk({ transferId, offset, data })
  }
}

/** Bytes of a transfer's chunks, in order, checking each starts where the previous ended. */
function bytesOf(chunks: readonly FileChunk[], transferId: number, from = 0): Buffer {
  const mine = chunks.filter((chunk) => chunk.transferId === transferId)
  let expected = from
  for (const chunk of mine) {
    expect(chunk.offset).toBe(expected)
    expected += chunk.data.byteLength
  }
  return Buffer.concat(mine.map((chunk) => chunk.data))
}

/** Every file under a folder, relative, sorted. */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.isDirectory()) found.push(...(await filesUnder(join(dir, entry.name), relative)))
    else found.push(relative)
  }
  return found.sort()
}

describe.skipIf(!hasBuiltServer())(
  'file transfer through the real relay',
  { timeout: TIMEOUT_MS },
  () => {
    let server: RelayServer
    let proxy: ConnectProxy
    let sandbox: string
    let inbox: string
    let outside: string

    beforeAll(async () => {
      server = await startRelayServer()
      proxy = await startConnectProxy()
    }, TIMEOUT_MS)

    afterAll(async () => {
      delete process.env['HTTPS_PROXY']
      await proxy.close()
      await server.stop()
    })

    beforeEach(async () => {
      sandbox = await mkdtemp(join(tmpdir(), 'tasuke-files-'))
      inbox = join(sandbox, 'inbox')
      outside = join(sandbox, 'outside')
      await mkdir(outside)
      await writeFile(join(outside, 'keep.txt'), 'untouched')
    })

    afterEach(async () => {
      await rm(sandbox, { recursive: true, force: true })
    })

    const begin = async (): Promise<Running> => {
      const session = await server.createSession()
      const console = openConsolePeer(server, session.id)
      await waitFor('the console to wait', () =>
        console.control.find((m) => m.type === 'session-state') ? true : undefined,
      )
      const redeemed = await redeem(new URL(server.url), session.code, server.fingerprint)
      if (!redeemed.ok) throw new Error(`redeem: ${redeemed.failure}`)
      const ui = fakeUi()
      const outcome = runAttendedSession({
        ui,
        openLink: (events) =>
          openRelayLink(
            {
              serverUrl: new URL(server.url),
              agentToken: redeemed.redemption.agentToken,
              fingerprint: server.fingerprint,
            },
            events,
          ),
        createScreenStream: recordingStreams([]).factory,
        openInput: () => Promise.resolve(recordingInput([])),
        resumePolicy: { graceMs: 30_000, delaysMs: [200, 500, 1_000] },
        receiveFolder: receiveFolder(inbox),
      })
      await waitFor('the consent question', () =>
        ui.last()?.type === 'ask-consent' ? true : undefined,
      )
      ui.act({ type: 'accept' })
      await nextOf(console, 'file-access')
      return { ui, console, outcome }
    }

    const end = async ({ ui, outcome }: Running) => {
      ui.act({ type: 'end' })
      expect(await outcome).toBe('ended-by-customer')
    }

    const filesView = (ui: FakeUi) => {
      const view = ui.last()
      return view?.type === 'connected' ? view.files : undefined
    }

    it('[T1][T3][T4] saves a file the operator sends, checked by its SHA-256, under its path', async () => {
      const running = await begin()
      const { console, ui } = running
      expect(await nextOf(console, 'file-access')).toEqual({
        type: 'file-access',
        browse: 'not-asked',
      })
      expect(await nextOf(console, 'file-offers')).toEqual({ type: 'file-offers', offers: [] })
      const bytes = randomBytes(FILE_CHUNK_MAX_BYTES * 3 + 1234)
      await console.send({
        type: 'file-send',
        transferId: 7,
        path: 'docs/手順書.bin',
        size: bytes.length,
      })
      const accept = await nextOf(console, 'file-accept')
      expect(accept).toEqual({
        type: 'file-accept',
        transferId: 7,
        offset: 0,
        savedAs: 'docs/手順書.bin',
      })
      await sendBytes(console, 7, bytes)
      await nextOf(console, 'file-ack', (m) => m.offset === bytes.length)
      // While it runs, the customer's window shows it.
      expect(filesView(ui)?.transfers.some((t) => t.transferId === 7)).toBe(true)
      await console.send({ type: 'file-done', transferId: 7, sha256: sha256(bytes) })
      const result = await nextOf(console, 'file-result')
      expect(result).toMatchObject({ transferId: 7, outcome: 'completed', problem: null })
      expectSameBytes(await readFile(join(inbox, 'docs', '手順書.bin')), bytes)
      expect(await filesUnder(inbox)).toEqual(['docs/手順書.bin'])
      await waitFor('the completed line', () =>
        filesView(ui)?.transfers.find((t) => t.transferId === 7 && t.state === 'completed'),
      )
      expect(
        ui.views.some((v) => v.type === 'connected' && v.activity === 'transferring-file'),
      ).toBe(true)
      await end(running)
    })

    it('[T4] discards a file whose SHA-256 differs and one shorter than announced', async () => {
      const running = await begin()
      const { console } = running
      const bytes = randomBytes(1000)
      await console.send({ type: 'file-send', transferId: 1, path: 'a.bin', size: 1000 })
      await nextOf(console, 'file-accept')
      await sendBytes(console, 1, bytes)
      await console.send({ type: 'file-done', transferId: 1, sha256: 'f'.repeat(64) })
      expect(await nextOf(console, 'file-result', (m) => m.transferId === 1)).toMatchObject({
        outcome: 'failed',
        problem: 'hash-mismatch',
      })
      await console.send({ type: 'file-send', transferId: 2, path: 'b.bin', size: 2000 })
      await nextOf(console, 'file-accept', (m) => m.transferId === 2)
      await sendBytes(console, 2, bytes)
      await console.send({ type: 'file-done', transferId: 2, sha256: sha256(bytes) })
      expect(await nextOf(console, 'file-result', (m) => m.transferId === 2)).toMatchObject({
        outcome: 'failed',
        problem: 'protocol-error',
      })
      // A chunk out of place fails its transfer too (T2).
      await console.send({ type: 'file-send', transferId: 3, path: 'c.bin', size: 2000 })
      await nextOf(console, 'file-accept', (m) => m.transferId === 3)
      await console.sendChunk({ transferId: 3, offset: 500, data: bytes })
      expect(await nextOf(console, 'file-result', (m) => m.transferId === 3)).toMatchObject({
        outcome: 'failed',
        problem: 'protocol-error',
      })
      expect(await filesUnder(inbox)).toEqual([])
      await end(running)
    })

    it('[T6] refuses hostile names with bad-name and writes nothing, not even through a symlink', async () => {
      const running = await begin()
      const { console } = running
      await mkdir(inbox, { recursive: true })
      await symlink(outside, join(inbox, 'escape'))
      const hostile = [
        '../evil.txt',
        '../../outside/keep.txt',
        '/etc/evil',
        'C:/evil.txt',
        'c:evil',
        'a\\..\\evil.txt',
        'docs//evil.txt',
        'docs/./evil.txt',
        'docs/../../evil.txt',
        'evil.txt/',
        'nul',
        'CON.txt',
        'docs/Com1.log',
        'lpt9',
        'evil\u0000.txt',
        'evil\n.txt',
        'trailing.',
        'trailing ',
        'x'.repeat(256),
        'あ'.repeat(86),
        'escape/evil.txt',
      ]
      let transferId = 100
      for (const path of hostile) {
        transferId += 1
        await console.send({ type: 'file-send', transferId, path, size: 4 })
        const result = await nextOf(console, 'file-result', (m) => m.transferId === transferId)
        expect(result, path).toMatchObject({ outcome: 'failed', problem: 'bad-name' })
        expect(result.detail.length, path).toBeGreaterThan(10)
        await console.sendChunk({ transferId, offset: 0, data: new Uint8Array([1, 2, 3, 4]) })
      }
      expect(console.messages.some((m) => m.type === 'file-accept')).toBe(false)
      expect(await filesUnder(outside)).toEqual(['keep.txt'])
      expect(await readFile(join(outside, 'keep.txt'), 'utf8')).toBe('untouched')
      expect(await readdir(inbox)).toEqual(['escape'])
      expect(await readdir(sandbox)).toEqual(['inbox', 'outside'])
      await end(running)
    })

    it('[T6] never overwrites: a clash is saved as name (1).ext, then name (2).ext', async () => {
      const running = await begin()
      const { console } = running
      await mkdir(inbox, { recursive: true })
      await writeFile(join(inbox, 'report.txt'), 'original')
      const savedAs: string[] = []
      for (const transferId of [1, 2]) {
        const bytes = Buffer.from(`copy ${transferId}`)
        await console.send({
          type: 'file-send',
          transferId,
          path: 'report.txt',
          size: bytes.length,
        })
        const accept = await nextOf(console, 'file-accept', (m) => m.transferId === transferId)
        savedAs.push(accept.savedAs)
        await sendBytes(console, transferId, bytes)
        await console.send({ type: 'file-done', transferId, sha256: sha256(bytes) })
        await nextOf(console, 'file-result', (m) => m.transferId === transferId)
      }
      expect(savedAs).toEqual(['report (1).txt', 'report (2).txt'])
      expect(await readFile(join(inbox, 'report.txt'), 'utf8')).toBe('original')
      expect(await readFile(join(inbox, 'report (1).txt'), 'utf8')).toBe('copy 1')
      expect(await readFile(join(inbox, 'report (2).txt'), 'utf8')).toBe('copy 2')
      await end(running)
    })

    it('[T5] a cancel from the console or from the customer deletes the partial file', async () => {
      const running = await begin()
      const { console, ui } = running
      const bytes = randomBytes(FILE_CHUNK_MAX_BYTES * 2)
      await console.send({
        type: 'file-send',
        transferId: 1,
        path: 'one.bin',
        size: bytes.length * 2,
      })
      await nextOf(console, 'file-accept')
      await sendBytes(console, 1, bytes)
      await nextOf(console, 'file-ack', (m) => m.offset === bytes.length)
      expect(await readdir(inbox)).toEqual(['one.bin.tasuke-part'])
      await console.send({ type: 'file-cancel', transferId: 1 })
      await waitFor('the partial file to go', async () =>
        (await readdir(inbox)).length === 0 ? true : undefined,
      )

      await console.send({
        type: 'file-send',
        transferId: 2,
        path: 'two.bin',
        size: bytes.length * 2,
      })
      await nextOf(console, 'file-accept', (m) => m.transferId === 2)
      await sendBytes(console, 2, bytes)
      await nextOf(console, 'file-ack', (m) => m.transferId === 2 && m.offset === bytes.length)
      await waitFor('the running line', () =>
        filesView(ui)?.transfers.find((t) => t.transferId === 2 && t.state === 'running'),
      )
      ui.act({ type: 'cancel-transfer', transferId: 2 })
      expect(await nextOf(console, 'file-cancel', (m) => m.transferId === 2)).toEqual({
        type: 'file-cancel',
        transferId: 2,
      })
      await waitFor('the partial file to go', async () =>
        (await readdir(inbox)).length === 0 ? true : undefined,
      )
      // The cancel answers nothing (T5), and late chunks are dropped.
      await sendBytes(console, 2, bytes, FILE_CHUNK_MAX_BYTES)
      expect(console.messages.some((m) => m.type === 'file-result')).toBe(false)
      expect(filesView(ui)?.transfers.find((t) => t.transferId === 2)?.state).toBe('cancelled')
      await end(running)
    })

    it('[T8][T3] sends a file the customer offers, within the window, with the SHA-256 of the whole file', async () => {
      const running = await begin()
      const { console, ui } = running
      const bytes = randomBytes(FILE_WINDOW_BYTES + FILE_CHUNK_MAX_BYTES * 3 + 17)
      const path = join(sandbox, 'ログ.bin')
      await writeFile(path, bytes)
      ui.act({ type: 'offer-file', path })
      const offers = await nextOf(console, 'file-offers', (m) => m.offers.length === 1)
      const offer = offers.offers[0]
      expect(offer).toMatchObject({ name: 'ログ.bin', size: bytes.length })
      if (offer === undefined) throw new Error('no offer')
      await console.send({
        type: 'file-fetch',
        transferId: 9,
        source: { offerId: offer.offerId },
        offset: 0,
      })
      expect(await nextOf(console, 'file-meta')).toEqual({
        type: 'file-meta',
        transferId: 9,
        name: 'ログ.bin',
        size: bytes.length,
      })
      // Without an ack the agent stops at the window (T3).
      await waitFor('a full window', () =>
        console.chunks.reduce((sum, c) => sum + c.data.byteLength, 0) >= FILE_WINDOW_BYTES
          ? true
          : undefined,
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(console.chunks.reduce((sum, c) => sum + c.data.byteLength, 0)).toBe(FILE_WINDOW_BYTES)
      await console.send({ type: 'file-ack', transferId: 9, offset: FILE_WINDOW_BYTES })
      const done = await nextOf(console, 'file-done')
      expect(done.sha256).toBe(sha256(bytes))
      expectSameBytes(bytesOf(console.chunks, 9), bytes)
      await console.send({ type: 'file-ack', transferId: 9, offset: bytes.length })
      await console.send({
        type: 'file-result',
        transferId: 9,
        outcome: 'completed',
        problem: null,
        detail: '',
      })
      await waitFor('the completed line', () =>
        filesView(ui)?.transfers.find((t) => t.transferId === 9 && t.state === 'completed'),
      )
      // An offer taken back cannot be fetched.
      ui.act({ type: 'remove-offer', offerId: offer.offerId })
      await nextOf(console, 'file-offers', (m) => m.offers.length === 0)
      await console.send({
        type: 'file-fetch',
        transferId: 10,
        source: { offerId: offer.offerId },
        offset: 0,
      })
      expect(await nextOf(console, 'file-result', (m) => m.transferId === 10)).toMatchObject({
        outcome: 'failed',
        problem: 'not-found',
      })
      await end(running)
    })

    it('[T7] browsing waits for the customer, lists folders first, and follows a refusal', async () => {
      const running = await begin()
      const { console, ui } = running
      await mkdir(join(sandbox, 'b-folder'))
      await writeFile(join(sandbox, 'a-file.txt'), 'hello')
      await console.send({ type: 'file-browse', requestId: 1, path: sandbox })
      await nextOf(console, 'file-access', (m) => m.browse === 'asking')
      await waitFor('the question in the window', () =>
        filesView(ui)?.browse === 'asking' ? true : undefined,
      )
      expect(console.messages.some((m) => m.type === 'file-listing')).toBe(false)
      ui.act({ type: 'set-file-browsing', allowed: true })
      const listing = await nextOf(console, 'file-listing')
      expect(listing.path).toBe(sandbox)
      expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
        ['b-folder', 'folder'],
        ['outside', 'folder'],
        ['a-file.txt', 'file'],
      ])
      expect(listing.entries.find((e) => e.name === 'a-file.txt')?.size).toBe(5)
      await console.send({
        type: 'file-fetch',
        transferId: 4,
        source: { path: join(sandbox, 'a-file.txt') },
        offset: 0,
      })
      const done = await nextOf(console, 'file-done', (m) => m.transferId === 4)
      expect(done.sha256).toBe(sha256(Buffer.from('hello')))
      await console.send({ type: 'file-browse', requestId: 2, path: join(sandbox, 'missing') })
      expect(await nextOf(console, 'file-browse-error', (m) => m.requestId === 2)).toMatchObject({
        problem: 'not-found',
      })
      // The customer takes it back: browsing and fetching by path are refused.
      ui.act({ type: 'set-file-browsing', allowed: false })
      await nextOf(console, 'file-access', (m) => m.browse === 'refused')
      await console.send({ type: 'file-browse', requestId: 3, path: '' })
      expect(await nextOf(console, 'file-browse-error', (m) => m.requestId === 3)).toMatchObject({
        problem: 'not-allowed',
      })
      await console.send({
        type: 'file-fetch',
        transferId: 5,
        source: { path: join(sandbox, 'a-file.txt') },
        offset: 0,
      })
      expect(await nextOf(console, 'file-result', (m) => m.transferId === 5)).toMatchObject({
        problem: 'not-allowed',
      })
      await end(running)
    })

    it('[T5] continues both ways from the stored offset after the network drops', async () => {
      process.env['HTTPS_PROXY'] = proxy.url
      try {
        const running = await begin()
        const { console, ui } = running
        // Operator → customer: half of it arrives before the cut.
        const upload = randomBytes(FILE_CHUNK_MAX_BYTES * 8)
        const half = upload.length / 2
        await console.send({
          type: 'file-send',
          transferId: 1,
          path: 'big.bin',
          size: upload.length,
        })
        await nextOf(console, 'file-accept')
        await sendBytes(console, 1, upload.subarray(0, half))
        await nextOf(console, 'file-ack', (m) => m.offset === half)
        // Customer → operator: stalled at the window by holding back the ack.
        const download = randomBytes(FILE_WINDOW_BYTES * 2)
        const offered = join(sandbox, 'download.bin')
        await writeFile(offered, download)
        ui.act({ type: 'offer-file', path: offered })
        const { offers } = await nextOf(console, 'file-offers', (m) => m.offers.length === 1)
        const offerId = offers[0]?.offerId ?? ''
        await console.send({ type: 'file-fetch', transferId: 2, source: { offerId }, offset: 0 })
        await waitFor('a full window', () =>
          bytesOf(console.chunks, 2).length >= FILE_WINDOW_BYTES ? true : undefined,
        )
        const kept = bytesOf(console.chunks, 2).subarray(0, FILE_WINDOW_BYTES)

        proxy.cutAll()
        await waitFor('the waiting line', () =>
          filesView(ui)?.transfers.find((t) => t.transferId === 1 && t.state === 'waiting'),
        )
        await waitFor(
          'a second handshake',
          () => (console.handshakes.length === 2 ? true : undefined),
          20_000,
        )
        await nextOf(console, 'file-access')

        await console.send({
          type: 'file-send',
          transferId: 1,
          path: 'big.bin',
          size: upload.length,
        })
        expect(await nextOf(console, 'file-accept')).toEqual({
          type: 'file-accept',
          transferId: 1,
          offset: half,
          savedAs: 'big.bin',
        })
        await sendBytes(console, 1, upload, half)
        await console.send({ type: 'file-done', transferId: 1, sha256: sha256(upload) })
        expect(await nextOf(console, 'file-result', (m) => m.transferId === 1)).toMatchObject({
          outcome: 'completed',
        })
        expectSameBytes(await readFile(join(inbox, 'big.bin')), upload)

        await console.send({
          type: 'file-fetch',
          transferId: 2,
          source: { offerId },
          offset: FILE_WINDOW_BYTES,
        })
        await nextOf(console, 'file-meta', (m) => m.transferId === 2)
        await console.send({ type: 'file-ack', transferId: 2, offset: FILE_WINDOW_BYTES })
        const done = await nextOf(console, 'file-done', (m) => m.transferId === 2)
        const rest = bytesOf(console.chunks, 2, FILE_WINDOW_BYTES)
        expectSameBytes(Buffer.concat([kept, rest]), download)
        expect(done.sha256).toBe(sha256(download))
        await end(running)
      } finally {
        delete process.env['HTTPS_PROXY']
      }
    })

    it('[T5] an unfinished transfer is abandoned when the session ends: its partial file goes', async () => {
      const running = await begin()
      const { console } = running
      await console.send({ type: 'file-send', transferId: 1, path: 'left.bin', size: 10_000 })
      await nextOf(console, 'file-accept')
      await console.sendChunk({ transferId: 1, offset: 0, data: new Uint8Array(5000) })
      await nextOf(console, 'file-ack', (m) => m.offset === 5000)
      expect(existsSync(join(inbox, 'left.bin.tasuke-part'))).toBe(true)
      await end(running)
      expect(await readdir(inbox)).toEqual([])
    })
  },
)
