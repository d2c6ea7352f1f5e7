import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { FILE_CHUNK_MAX_BYTES, FILE_WINDOW_BYTES } from '@tasuke/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { waitFor } from '../test-support/wait-for.js'
import { type ChunkPort, LINK_BUFFER_LOW_BYTES, openOutgoingFile } from './outgoing-file.js'
import { TransferError } from './transfer-error.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

interface RecordingPort {
  sendChunk: ChunkPort['sendChunk']
  bufferedAmount: ChunkPort['bufferedAmount']
  readonly chunks: { offset: number; data: Uint8Array }[]
  buffered: number
}

function recordingPort(): RecordingPort {
  const port: RecordingPort = {
    chunks: [],
    buffered: 0,
    sendChunk(offset, data) {
      port.chunks.push({ offset, data: Uint8Array.from(data) })
      return Promise.resolve()
    },
    bufferedAmount: () => port.buffered,
  }
  return port
}

const sent = (port: RecordingPort) => port.chunks.reduce((sum, c) => sum + c.data.byteLength, 0)

describe('a sent file', () => {
  let sandbox: string
  beforeEach(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'tasuke-outgoing-'))
  })
  afterEach(async () => {
    await rm(sandbox, { recursive: true, force: true })
  })

  it('[T3][T4] stays within the window beyond the last ack and ends with the SHA-256', async () => {
    const bytes = randomBytes(FILE_WINDOW_BYTES + FILE_CHUNK_MAX_BYTES + 5)
    const path = join(sandbox, 'data.bin')
    await writeFile(path, bytes)
    const file = await openOutgoingFile(path)
    expect([file.name, file.size]).toEqual(['data.bin', bytes.length])
    const port = recordingPort()
    const sending = file.send(0, port)
    await waitFor('a full window', () => (sent(port) === FILE_WINDOW_BYTES ? true : undefined))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(sent(port)).toBe(FILE_WINDOW_BYTES)
    file.handleAck(FILE_WINDOW_BYTES)
    expect(await sending).toBe(sha256(bytes))
    expect(port.chunks.every((c) => c.data.byteLength <= FILE_CHUNK_MAX_BYTES)).toBe(true)
    expect(sha256(Buffer.concat(port.chunks.map((c) => c.data)))).toBe(sha256(bytes))
    await file.close()
  })

  it('[T3] waits while the link holds much unsent data', async () => {
    const path = join(sandbox, 'small.bin')
    await writeFile(path, randomBytes(1000))
    const file = await openOutgoingFile(path)
    const port = recordingPort()
    port.buffered = LINK_BUFFER_LOW_BYTES
    const sending = file.send(0, port)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(port.chunks).toEqual([])
    port.buffered = 0
    expect(await sending).not.toBeNull()
    expect(port.chunks).toHaveLength(1)
    await file.close()
  })

  it('[T5] resumes from an offset with the SHA-256 of the whole file, wherever it stopped', async () => {
    const bytes = randomBytes(FILE_CHUNK_MAX_BYTES * 5 + 3)
    const path = join(sandbox, 'resume.bin')
    await writeFile(path, bytes)
    const file = await openOutgoingFile(path)
    const first = recordingPort()
    const stalling = first.sendChunk
    first.sendChunk = (offset, data) => {
      // The link fills up after two chunks, so the send is still going when the link drops.
      if (first.chunks.length === 1) first.buffered = LINK_BUFFER_LOW_BYTES
      return stalling(offset, data)
    }
    const stopped = file.send(0, first)
    await waitFor('some chunks', () => (first.chunks.length >= 2 ? true : undefined))
    file.pause()
    expect(await stopped).toBeNull()
    // The console had only the first chunk: it resumes before where the sender's hash stands.
    const second = recordingPort()
    expect(await file.send(FILE_CHUNK_MAX_BYTES, second)).toBe(sha256(bytes))
    expect(second.chunks[0]?.offset).toBe(FILE_CHUNK_MAX_BYTES)
    const third = recordingPort()
    expect(await file.send(bytes.length, third)).toBe(sha256(bytes))
    expect(third.chunks).toEqual([])
    await file.close()
  })

  it('refuses a folder, a missing file, an offset past the end, and a file that shrank', async () => {
    const problem = async (work: Promise<unknown>) =>
      work.then(
        () => 'none',
        (error: unknown) => (error instanceof TransferError ? error.problem : String(error)),
      )
    expect(await problem(openOutgoingFile(sandbox))).toBe('wrong-kind')
    expect(await problem(openOutgoingFile(join(sandbox, 'missing')))).toBe('not-found')
    const path = join(sandbox, 'shrinks.bin')
    await writeFile(path, randomBytes(FILE_CHUNK_MAX_BYTES * 2))
    const file = await openOutgoingFile(path)
    expect(await problem(file.send(file.size + 1, recordingPort()))).toBe('protocol-error')
    await truncate(path, 10)
    expect(await problem(file.send(0, recordingPort()))).toBe('io-error')
    await file.close()
  })

  it('sends an empty file as no chunks and the SHA-256 of nothing', async () => {
    const path = join(sandbox, 'empty')
    await writeFile(path, '')
    const file = await openOutgoingFile(path)
    const port = recordingPort()
    expect(await file.send(0, port)).toBe(sha256(new Uint8Array()))
    expect(port.chunks).toEqual([])
    await file.close()
  })
})
