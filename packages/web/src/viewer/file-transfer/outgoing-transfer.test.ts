import { createHash, randomBytes } from 'node:crypto'

import { FILE_CHUNK_MAX_BYTES, FILE_WINDOW_BYTES } from '@tasuke/protocol'
import { describe, expect, it } from 'vitest'

import { FileTransfers } from './file-transfers'
import { blobSource } from './file-source'
import { LINK_LOW_WATER_BYTES } from './outgoing-transfer'
import { TestLink, settle } from './test-support/test-link'

const FIRST_ID = 7

function sending(bytes: Uint8Array<ArrayBuffer>, path = 'report.bin') {
  const link = new TestLink()
  const transfers = new FileTransfers({
    link,
    save: () => undefined,
    firstId: FIRST_ID,
    sleep: () => new Promise((resolve) => setTimeout(resolve, 0)),
  })
  transfers.handleSecured()
  transfers.send([{ path, source: blobSource(new Blob([bytes])) }])
  return { link, transfers }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const phaseOf = (transfers: FileTransfers, id = FIRST_ID) =>
  transfers.view.transfers.find((transfer) => transfer.id === id)?.phase

describe('a file sent to the customer', () => {
  it('[T1][T2][T3][T4] announces it, waits for the accept, sends in order within the window, ends with the hash', async () => {
    const bytes = randomBytes(6 * 1024 * 1024 + 12_345)
    const { link, transfers } = sending(bytes)
    await settle()
    expect(link.sent('file-send')).toEqual([
      { type: 'file-send', transferId: FIRST_ID, path: 'report.bin', size: bytes.byteLength },
    ])
    // T2: nothing before the accept.
    expect(link.chunks).toEqual([])

    transfers.handleMessage({
      type: 'file-accept',
      transferId: FIRST_ID,
      offset: 0,
      savedAs: 'report.bin',
    })
    await settle()
    // T3: no more than the window beyond the last ack (none yet).
    expect(link.bytesSent(FIRST_ID)).toBe(FILE_WINDOW_BYTES)
    expect(phaseOf(transfers)).toEqual({ name: 'moving' })

    let acked = 0
    while (link.sent('file-done').length === 0) {
      acked = link.bytesSent(FIRST_ID)
      transfers.handleMessage({ type: 'file-ack', transferId: FIRST_ID, offset: acked })
      await settle()
    }
    let expectedOffset = 0
    for (const chunk of link.chunks) {
      expect(chunk.offset).toBe(expectedOffset)
      expect(chunk.data.byteLength).toBeLessThanOrEqual(FILE_CHUNK_MAX_BYTES)
      expectedOffset += chunk.data.byteLength
    }
    expect(Buffer.concat(link.chunks.map((chunk) => chunk.data)).equals(bytes)).toBe(true)
    expect(link.sent('file-done')).toEqual([
      { type: 'file-done', transferId: FIRST_ID, sha256: sha256(bytes) },
    ])
    expect(phaseOf(transfers)).toEqual({ name: 'verifying' })

    transfers.handleMessage({
      type: 'file-result',
      transferId: FIRST_ID,
      outcome: 'completed',
      problem: null,
      detail: '',
    })
    expect(phaseOf(transfers)).toEqual({ name: 'completed' })
    expect(transfers.view.transfers[0]).toMatchObject({
      savedAs: 'report.bin',
      doneBytes: bytes.byteLength,
      size: bytes.byteLength,
    })
  })

  it('[T5] resumes after a new handshake from the offset the agent holds, hashing the whole file', async () => {
    const bytes = randomBytes(5 * 1024 * 1024 + 7)
    const { link, transfers } = sending(bytes)
    await settle()
    transfers.handleMessage({
      type: 'file-accept',
      transferId: FIRST_ID,
      offset: 0,
      savedAs: 'r.bin',
    })
    await settle()
    transfers.handleMessage({ type: 'file-ack', transferId: FIRST_ID, offset: 1_000_000 })
    transfers.handleLinkLost()
    link.isUp = false
    await settle()
    expect(phaseOf(transfers)).toEqual({ name: 'waiting-for-link' })

    link.isUp = true
    link.chunks.length = 0
    transfers.handleSecured()
    await settle()
    expect(link.sent('file-send')).toHaveLength(2)
    expect(link.sent('file-send')[1]).toMatchObject({
      transferId: FIRST_ID,
      size: bytes.byteLength,
    })
    // The agent kept less than was acked before (it flushed to 512 KiB): start there.
    transfers.handleMessage({
      type: 'file-accept',
      transferId: FIRST_ID,
      offset: 524_288,
      savedAs: 'r.bin',
    })
    await settle()
    expect(link.chunks[0]?.offset).toBe(524_288)
    // The window is full again; the acks let the rest go.
    while (link.sent('file-done').length === 0) {
      const sent = 524_288 + link.bytesSent(FIRST_ID)
      transfers.handleMessage({ type: 'file-ack', transferId: FIRST_ID, offset: sent })
      await settle()
    }
    const resent = Buffer.concat(link.chunks.map((chunk) => chunk.data))
    expect(resent.equals(bytes.subarray(524_288))).toBe(true)
    expect(link.sent('file-done')).toEqual([
      { type: 'file-done', transferId: FIRST_ID, sha256: sha256(bytes) },
    ])
  })

  it('[T5] still hashes every byte when the agent already holds a part this page never sent', async () => {
    const bytes = randomBytes(700_000)
    const { link, transfers } = sending(bytes)
    await settle()
    transfers.handleMessage({
      type: 'file-accept',
      transferId: FIRST_ID,
      offset: 300_001,
      savedAs: 'r.bin',
    })
    await settle()
    expect(link.chunks[0]?.offset).toBe(300_001)
    expect(link.sent('file-done')[0]?.sha256).toBe(sha256(bytes))
  })

  it('[T3] holds chunks back while the socket holds unsent data', async () => {
    const { link, transfers } = sending(randomBytes(1_000_000))
    link.bufferedBytes = LINK_LOW_WATER_BYTES
    await settle()
    transfers.handleMessage({ type: 'file-accept', transferId: FIRST_ID, offset: 0, savedAs: 'x' })
    await settle()
    await settle()
    expect(link.chunks).toEqual([])
    link.bufferedBytes = 0
    await settle()
    await settle()
    expect(link.bytesSent(FIRST_ID)).toBe(1_000_000)
  })

  it('[T6] refuses paths the agent would refuse, before anything is sent', async () => {
    const link = new TestLink()
    const transfers = new FileTransfers({ link, save: () => undefined, firstId: 1 })
    transfers.handleSecured()
    const source = blobSource(new Blob(['x']))
    const result = transfers.send([
      { path: '../escape.txt', source },
      { path: 'CON.txt', source },
      { path: 'ok.txt', source },
    ])
    expect(result.refused).toEqual([
      { path: '../escape.txt', problem: 'dot-segment' },
      { path: 'CON.txt', problem: 'reserved' },
    ])
    expect(result.ids).toEqual([1])
    await settle()
    expect(link.sent('file-send').map((message) => message.path)).toEqual(['ok.txt'])
  })

  it('[T1] sends several files one after the other', async () => {
    const link = new TestLink()
    const transfers = new FileTransfers({ link, save: () => undefined, firstId: 1 })
    transfers.handleSecured()
    const source = blobSource(new Blob(['abc']))
    transfers.send([
      { path: 'folder/a.txt', source },
      { path: 'folder/sub/b.txt', source },
    ])
    await settle()
    expect(link.sent('file-send').map((message) => message.path)).toEqual(['folder/a.txt'])
    expect(phaseOf(transfers, 2)).toEqual({ name: 'queued' })
    transfers.handleMessage({
      type: 'file-accept',
      transferId: 1,
      offset: 0,
      savedAs: 'folder/a.txt',
    })
    await settle()
    transfers.handleMessage({
      type: 'file-result',
      transferId: 1,
      outcome: 'completed',
      problem: null,
      detail: '',
    })
    await settle()
    expect(link.sent('file-send').map((message) => message.path)).toEqual([
      'folder/a.txt',
      'folder/sub/b.txt',
    ])
  })

  it('[T5] cancel by the operator sends file-cancel and nothing more', async () => {
    const { link, transfers } = sending(randomBytes(6_000_000))
    await settle()
    transfers.handleMessage({ type: 'file-accept', transferId: FIRST_ID, offset: 0, savedAs: 'x' })
    await settle()
    const before = link.chunks.length
    transfers.cancel(FIRST_ID)
    transfers.handleMessage({ type: 'file-ack', transferId: FIRST_ID, offset: FILE_WINDOW_BYTES })
    await settle()
    expect(link.chunks.length).toBe(before)
    expect(link.sent('file-cancel')).toEqual([{ type: 'file-cancel', transferId: FIRST_ID }])
    expect(phaseOf(transfers)).toEqual({ name: 'cancelled', by: 'operator' })
  })

  it('[T5] shows a cancel by the customer, and a failure with the agent’s reason', async () => {
    const link = new TestLink()
    const transfers = new FileTransfers({ link, save: () => undefined, firstId: 1 })
    transfers.handleSecured()
    const source = blobSource(new Blob(['abc']))
    transfers.send([{ path: 'a.txt', source }])
    transfers.handleMessage({ type: 'file-cancel', transferId: 1 })
    expect(phaseOf(transfers, 1)).toEqual({ name: 'cancelled', by: 'customer' })
    transfers.send([{ path: 'b.txt', source }])
    await settle()
    transfers.handleMessage({
      type: 'file-result',
      transferId: 2,
      outcome: 'failed',
      problem: 'no-space',
      detail: 'disk full',
    })
    expect(phaseOf(transfers, 2)).toEqual({
      name: 'failed',
      problem: 'no-space',
      detail: 'disk full',
    })
  })

  it('[T5] abandons unfinished transfers when the session ends', async () => {
    const { transfers } = sending(randomBytes(10))
    await settle()
    transfers.handleSessionEnded()
    expect(phaseOf(transfers)).toEqual({ name: 'failed', problem: 'session-ended', detail: '' })
  })
})
