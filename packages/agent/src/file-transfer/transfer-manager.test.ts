/**
 * The session's transfer manager with an in-memory port standing in for the sealed channel
 * (the relay-level test `session/file-transfer.relay.test.ts` runs it through the real relay).
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { AgentToConsole, FileChunk } from '@tasuke/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import { receiveFolder } from './receive-folder.js'
import {
  createTransferManager,
  MAX_CONCURRENT_TRANSFERS,
  type TransferManager,
  type TransferPort,
} from './transfer-manager.js'

interface MemoryPort extends TransferPort {
  readonly sent: AgentToConsole[]
  readonly chunks: FileChunk[]
}

function memoryPort(): MemoryPort {
  const sent: AgentToConsole[] = []
  const chunks: FileChunk[] = []
  return {
    sent,
    chunks,
    sendMessage: (message) => sent.push(message),
    sendChunk: (chunk) => {
      chunks.push(chunk)
      return Promise.resolve()
    },
    bufferedAmount: () => 0,
  }
}

const resultOf = (port: MemoryPort, transferId: number) =>
  waitFor(`the result of ${transferId}`, () =>
    port.sent.find((m) => m.type === 'file-result' && m.transferId === transferId),
  )

describe('transfer manager', () => {
  let sandbox: string
  let manager: TransferManager
  let changes: number

  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'tasuke-manager-'))
    changes = 0
    manager = createTransferManager({
      receiveFolder: receiveFolder(join(sandbox, 'inbox')),
      home: sandbox,
      onChange: () => (changes += 1),
    })
  })
  afterEach(async () => {
    await manager.close()
    await rm(sandbox, { recursive: true, force: true })
  })

  it('[T7][T8] tells the access state and the offers on every attach', () => {
    const port = memoryPort()
    manager.attach(port)
    expect(port.sent).toEqual([
      { type: 'file-access', browse: 'not-asked' },
      { type: 'file-offers', offers: [] },
    ])
    expect(manager.view()).toEqual({ transfers: [], browse: 'not-asked', offers: [] })
    expect(changes).toBeGreaterThan(0)
  })

  it(`answers busy past ${MAX_CONCURRENT_TRANSFERS} transfers at once, and protocol-error for a reused id`, async () => {
    const port = memoryPort()
    manager.attach(port)
    for (let id = 1; id <= MAX_CONCURRENT_TRANSFERS; id++) {
      manager.handleMessage({ type: 'file-send', transferId: id, path: `f${id}.bin`, size: 10 })
    }
    manager.handleMessage({ type: 'file-send', transferId: 99, path: 'one-more.bin', size: 10 })
    expect(await resultOf(port, 99)).toMatchObject({ outcome: 'failed', problem: 'busy' })
    manager.handleMessage({ type: 'file-send', transferId: 1, path: 'other.bin', size: 10 })
    expect(await resultOf(port, 1)).toMatchObject({ outcome: 'failed', problem: 'protocol-error' })
    expect(manager.isTransferring()).toBe(true)
  })

  it('[T5] keeps a transfer across a detach and answers the stored offset on the next port', async () => {
    const first = memoryPort()
    manager.attach(first)
    manager.handleMessage({ type: 'file-send', transferId: 5, path: 'r.bin', size: 6 })
    await waitFor('the accept', () => first.sent.find((m) => m.type === 'file-accept'))
    manager.handleChunk({ transferId: 5, offset: 0, data: new Uint8Array([1, 2, 3]) })
    await waitFor('the ack', () => first.sent.find((m) => m.type === 'file-ack'))
    manager.detach(first)
    expect(manager.view().transfers[0]).toMatchObject({
      transferId: 5,
      state: 'waiting',
      bytesDone: 3,
    })
    expect(manager.isTransferring()).toBe(false)
    const second = memoryPort()
    manager.attach(second)
    manager.handleMessage({ type: 'file-send', transferId: 5, path: 'r.bin', size: 6 })
    expect(
      await waitFor('the new accept', () => second.sent.find((m) => m.type === 'file-accept')),
    ).toEqual({
      type: 'file-accept',
      transferId: 5,
      offset: 3,
      savedAs: 'r.bin',
    })
    manager.handleChunk({ transferId: 5, offset: 3, data: new Uint8Array([4, 5, 6]) })
    const sha256 = createHash('sha256')
      .update(new Uint8Array([1, 2, 3, 4, 5, 6]))
      .digest('hex')
    manager.handleMessage({ type: 'file-done', transferId: 5, sha256 })
    expect(await resultOf(second, 5)).toMatchObject({
      outcome: 'completed',
      detail: 'saved as r.bin',
    })
    expect(first.sent.some((m) => m.type === 'file-result')).toBe(false)
  })

  it('[T5] deletes partial files when the session ends', async () => {
    const port = memoryPort()
    manager.attach(port)
    manager.handleMessage({ type: 'file-send', transferId: 1, path: 'p.bin', size: 6 })
    manager.handleChunk({ transferId: 1, offset: 0, data: new Uint8Array([1]) })
    await waitFor('the ack', () => port.sent.find((m) => m.type === 'file-ack'))
    expect(await readdir(join(sandbox, 'inbox'))).toEqual(['p.bin.tasuke-part'])
    await manager.close()
    expect(await readdir(join(sandbox, 'inbox'))).toEqual([])
    // Closed: nothing more is taken or said.
    manager.handleMessage({ type: 'file-send', transferId: 2, path: 'q.bin', size: 1 })
    expect(port.sent.some((m) => m.type === 'file-result' || m.type === 'file-cancel')).toBe(false)
  })

  it('[T6] refuses a bad name at once and drops chunks of a transfer that never was', async () => {
    const port = memoryPort()
    manager.attach(port)
    manager.handleMessage({ type: 'file-send', transferId: 3, path: 'x/../y', size: 1 })
    expect(await resultOf(port, 3)).toMatchObject({ problem: 'bad-name' })
    // Chunks for a transfer that never was are dropped, unanswered.
    manager.handleChunk({ transferId: 3, offset: 0, data: new Uint8Array([1]) })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(port.sent.filter((m) => m.type === 'file-result')).toHaveLength(1)
  })
})

describe('a file the customer offered that is gone when the operator fetches it', () => {
  it('[T8] fails with not-found, and the window shows the file by name with the reason', async () => {
    const sandbox = await mkdtemp(join(tmpdir(), 'tasuke-manager-gone-'))
    try {
      const manager = createTransferManager({
        receiveFolder: receiveFolder(join(sandbox, 'inbox')),
        home: sandbox,
      })
      const port = memoryPort()
      manager.attach(port)
      const path = join(sandbox, '消える.txt')
      await writeFile(path, 'soon gone')
      await manager.offerFile(path)
      const offerId = manager.view().offers[0]?.offerId ?? ''
      await rm(path)
      manager.handleMessage({ type: 'file-fetch', transferId: 5, source: { offerId }, offset: 0 })
      expect(await resultOf(port, 5)).toMatchObject({ outcome: 'failed', problem: 'not-found' })
      await waitFor('the failed line', () =>
        manager.view().transfers.find((transfer) => transfer.state === 'failed'),
      )
      expect(manager.view().transfers).toMatchObject([
        { transferId: 5, direction: 'from-customer', name: '消える.txt', problem: 'not-found' },
      ])
      await manager.close()
    } finally {
      await rm(sandbox, { recursive: true, force: true })
    }
  })
})
