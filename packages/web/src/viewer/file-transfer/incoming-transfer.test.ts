import { createHash, randomBytes } from 'node:crypto'

import { FILE_CHUNK_MAX_BYTES } from '@tasuke/protocol'
import { describe, expect, it, vi } from 'vitest'

import { FileTransfers } from './file-transfers'
import { TestLink, settle } from './test-support/test-link'

const ID = 40

function fetching() {
  const link = new TestLink()
  const saved: { name: string; file: Blob }[] = []
  const transfers = new FileTransfers({
    link,
    save: (name, file) => saved.push({ name, file }),
    firstId: ID,
  })
  transfers.handleSecured()
  return { link, saved, transfers }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const phaseOf = (transfers: FileTransfers) =>
  transfers.view.transfers.find((transfer) => transfer.id === ID)?.phase

/** The agent's side: sends `bytes[from, to)` in chunks, as the agent would. */
function deliver(
  transfers: FileTransfers,
  bytes: Uint8Array,
  from: number,
  to = bytes.byteLength,
  transferId = ID,
) {
  for (let offset = from; offset < to; offset += FILE_CHUNK_MAX_BYTES) {
    const data = bytes.subarray(offset, Math.min(to, offset + FILE_CHUNK_MAX_BYTES))
    transfers.handleChunk({ transferId, offset, data })
  }
}

/** The operator fetches `name`; the agent announces `bytes` and sends all of them. */
function fetchWhole(transfers: FileTransfers, bytes: Uint8Array, name: string): number {
  const transferId = transfers.fetch({ offerId: name })
  transfers.handleMessage({ type: 'file-meta', transferId, name, size: bytes.byteLength })
  deliver(transfers, bytes, 0, bytes.byteLength, transferId)
  return transferId
}

describe('a file fetched from the customer', () => {
  it('[T1][T2][T3][T4] asks for it, acks every chunk, checks the hash and hands the file over', async () => {
    const bytes = randomBytes(1_234_567)
    const { link, saved, transfers } = fetching()
    expect(transfers.fetch({ offerId: 'offer-1' }, '見積書.pdf')).toBe(ID)
    await settle()
    expect(link.sent('file-fetch')).toEqual([
      { type: 'file-fetch', transferId: ID, source: { offerId: 'offer-1' }, offset: 0 },
    ])
    transfers.handleMessage({
      type: 'file-meta',
      transferId: ID,
      name: '見積書.pdf',
      size: bytes.byteLength,
    })
    deliver(transfers, bytes, 0)
    await settle()
    const acks = link.sent('file-ack').map((ack) => ack.offset)
    expect(acks).toHaveLength(Math.ceil(bytes.byteLength / FILE_CHUNK_MAX_BYTES))
    expect(acks.at(-1)).toBe(bytes.byteLength)
    expect(transfers.view.transfers[0]).toMatchObject({
      doneBytes: bytes.byteLength,
      size: bytes.byteLength,
    })

    transfers.handleMessage({ type: 'file-done', transferId: ID, sha256: sha256(bytes) })
    await settle()
    expect(phaseOf(transfers)).toEqual({ name: 'completed' })
    expect(link.sent('file-result')).toEqual([
      { type: 'file-result', transferId: ID, outcome: 'completed', problem: null, detail: '' },
    ])
    expect(saved.map((file) => file.name)).toEqual(['見積書.pdf'])
    const content = new Uint8Array(await (saved[0]?.file ?? new Blob()).arrayBuffer())
    expect(sha256(content)).toBe(sha256(bytes))
  })

  it('[T4] checks a file of several parts, hashed while it arrived; a second file-done is out of place', async () => {
    // Three parts of up to 8 MiB: each is hashed as it is made, not all at the end.
    const bytes = randomBytes(17 * 1024 * 1024 + 5)
    const { link, saved, transfers } = fetching()
    fetchWhole(transfers, bytes, 'big.bin')
    transfers.handleMessage({ type: 'file-done', transferId: ID, sha256: sha256(bytes) })
    transfers.handleMessage({ type: 'file-done', transferId: ID, sha256: sha256(bytes) })
    await settle()
    expect(phaseOf(transfers)).toMatchObject({ name: 'failed', problem: 'protocol-error' })
    expect(saved).toEqual([])

    const second = fetchWhole(transfers, bytes, 'big.bin')
    transfers.handleMessage({ type: 'file-done', transferId: second, sha256: sha256(bytes) })
    // The link drops while the hash is finished: every byte is here, the file is still handed over.
    transfers.handleLinkLost()
    await vi.waitFor(() => {
      expect(saved).toHaveLength(1)
    })
    const content = new Uint8Array(await (saved[0]?.file ?? new Blob()).arrayBuffer())
    expect(sha256(content)).toBe(sha256(bytes))
    expect(link.sent('file-result').at(-1)).toMatchObject({
      transferId: second,
      outcome: 'completed',
    })
  })

  it('[T4] hands nothing over when the operator cancels while the hash is finished', async () => {
    const bytes = randomBytes(300_000)
    const { link, saved, transfers } = fetching()
    fetchWhole(transfers, bytes, 'a.bin')
    transfers.handleMessage({ type: 'file-done', transferId: ID, sha256: sha256(bytes) })
    transfers.cancel(ID)
    await settle()
    expect(phaseOf(transfers)).toEqual({ name: 'cancelled', by: 'operator' })
    expect(saved).toEqual([])
    expect(link.sent('file-result')).toEqual([])
    expect(link.sent('file-cancel')).toEqual([{ type: 'file-cancel', transferId: ID }])
  })

  it('[T2] fails a chunk out of place with protocol-error', async () => {
    const bytes = randomBytes(100_000)
    const { link, saved, transfers } = fetching()
    transfers.fetch({ path: 'Documents/a.txt' })
    transfers.handleMessage({
      type: 'file-meta',
      transferId: ID,
      name: 'a.txt',
      size: bytes.byteLength,
    })
    transfers.handleChunk({ transferId: ID, offset: 10, data: bytes.subarray(10, 20) })
    await settle()
    expect(phaseOf(transfers)).toMatchObject({ name: 'failed', problem: 'protocol-error' })
    expect(link.sent('file-result')).toMatchObject([
      { transferId: ID, outcome: 'failed', problem: 'protocol-error' },
    ])
    expect(saved).toEqual([])
  })

  it('[T4] refuses a file whose hash differs, and one shorter than announced', async () => {
    const bytes = randomBytes(5000)
    const { link, saved, transfers } = fetching()
    fetchWhole(transfers, bytes, 'a.bin')
    transfers.handleMessage({ type: 'file-done', transferId: ID, sha256: '0'.repeat(64) })
    await settle()
    expect(phaseOf(transfers)).toMatchObject({ name: 'failed', problem: 'hash-mismatch' })
    expect(link.sent('file-result')).toMatchObject([
      { outcome: 'failed', problem: 'hash-mismatch' },
    ])

    const second = transfers.fetch({ offerId: 'b' })
    transfers.handleMessage({ type: 'file-meta', transferId: second, name: 'b.bin', size: 6000 })
    transfers.handleChunk({ transferId: second, offset: 0, data: bytes })
    transfers.handleMessage({ type: 'file-done', transferId: second, sha256: sha256(bytes) })
    expect(transfers.view.transfers[1]?.phase).toMatchObject({
      name: 'failed',
      problem: 'protocol-error',
    })
    expect(saved).toEqual([])
  })

  it('[T5] resumes after a new handshake from the bytes it holds', async () => {
    const bytes = randomBytes(900_000)
    const { link, saved, transfers } = fetching()
    transfers.fetch({ offerId: 'a' })
    transfers.handleMessage({
      type: 'file-meta',
      transferId: ID,
      name: 'a.bin',
      size: bytes.byteLength,
    })
    deliver(transfers, bytes, 0, 2 * FILE_CHUNK_MAX_BYTES)
    transfers.handleLinkLost()
    expect(phaseOf(transfers)).toEqual({ name: 'waiting-for-link' })
    transfers.handleSecured()
    await settle()
    expect(link.sent('file-fetch').at(-1)).toEqual({
      type: 'file-fetch',
      transferId: ID,
      source: { offerId: 'a' },
      offset: 2 * FILE_CHUNK_MAX_BYTES,
    })
    transfers.handleMessage({
      type: 'file-meta',
      transferId: ID,
      name: 'a.bin',
      size: bytes.byteLength,
    })
    deliver(transfers, bytes, 2 * FILE_CHUNK_MAX_BYTES)
    transfers.handleMessage({ type: 'file-done', transferId: ID, sha256: sha256(bytes) })
    await settle()
    expect(phaseOf(transfers)).toEqual({ name: 'completed' })
    const content = new Uint8Array(await (saved[0]?.file ?? new Blob()).arrayBuffer())
    expect(sha256(content)).toBe(sha256(bytes))
  })

  it('[T7] shows the agent’s refusal, and a cancel from either side', async () => {
    const { link, transfers } = fetching()
    transfers.fetch({ path: 'secret.txt' })
    transfers.handleMessage({
      type: 'file-result',
      transferId: ID,
      outcome: 'failed',
      problem: 'not-allowed',
      detail: '',
    })
    expect(phaseOf(transfers)).toEqual({ name: 'failed', problem: 'not-allowed', detail: '' })

    const byCustomer = transfers.fetch({ offerId: 'x' })
    transfers.handleMessage({ type: 'file-cancel', transferId: byCustomer })
    expect(transfers.view.transfers[1]?.phase).toEqual({ name: 'cancelled', by: 'customer' })

    const byOperator = transfers.fetch({ offerId: 'y' })
    transfers.cancel(byOperator)
    await settle()
    expect(transfers.view.transfers[2]?.phase).toEqual({ name: 'cancelled', by: 'operator' })
    expect(link.sent('file-cancel')).toEqual([{ type: 'file-cancel', transferId: byOperator }])
  })

  it('[T2] answers a chunk for an id it never asked for with protocol-error', async () => {
    const { link, transfers } = fetching()
    transfers.handleChunk({ transferId: 999, offset: 0, data: new Uint8Array(3) })
    await settle()
    expect(link.sent('file-result')).toMatchObject([
      { transferId: 999, outcome: 'failed', problem: 'protocol-error' },
    ])
  })
})

describe('the customer’s offers and folders', () => {
  it('[T8] lists the offers the agent sends', () => {
    const { transfers } = fetching()
    transfers.handleMessage({
      type: 'file-offers',
      offers: [{ offerId: 'o1', name: 'log.txt', size: 12 }],
    })
    expect(transfers.view.offers).toEqual([{ offerId: 'o1', name: 'log.txt', size: 12 }])
  })

  it('[T7] asks to browse, waits for the customer, then shows the listing; forgets it when revoked', async () => {
    const { link, transfers } = fetching()
    expect(transfers.view.browse).toMatchObject({ access: 'not-asked', listing: null })
    transfers.browse('')
    await settle()
    expect(link.sent('file-browse')).toEqual([{ type: 'file-browse', requestId: 0, path: '' }])
    transfers.handleMessage({ type: 'file-access', browse: 'asking' })
    expect(transfers.view.browse).toMatchObject({ access: 'asking', isLoading: true })
    transfers.handleMessage({ type: 'file-access', browse: 'allowed' })
    transfers.handleMessage({
      type: 'file-listing',
      requestId: 0,
      path: '/home/customer',
      parent: '/home',
      entries: [{ name: 'Documents', kind: 'folder', size: 0, modifiedAt: 0 }],
      isTruncated: false,
    })
    expect(transfers.view.browse).toMatchObject({
      access: 'allowed',
      isLoading: false,
      listing: { path: '/home/customer', parent: '/home' },
    })
    transfers.browse('/home/customer/Documents')
    transfers.handleMessage({
      type: 'file-browse-error',
      requestId: 1,
      problem: 'not-found',
      detail: 'gone',
    })
    expect(transfers.view.browse.error).toEqual({ problem: 'not-found', detail: 'gone' })
    transfers.handleMessage({ type: 'file-access', browse: 'refused' })
    expect(transfers.view.browse).toMatchObject({ access: 'refused', listing: null })
  })

  it('[T7] lists the home folder as soon as the customer allows it', async () => {
    const { link, transfers } = fetching()
    transfers.handleMessage({ type: 'file-access', browse: 'allowed' })
    await settle()
    expect(link.sent('file-browse')).toEqual([{ type: 'file-browse', requestId: 0, path: '' }])
  })
})
