/**
 * A file of the customer's as it is sent (SPEC.md T2–T4): read in chunks from the offset the
 * console names, at most `FILE_WINDOW_BYTES` beyond its last ack and only while the link
 * holds little unsent data, so screen updates go first. The SHA-256 covers the whole file
 * even after a resume from the middle.
 * @module
 */
import { createHash, type Hash } from 'node:crypto'
import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { basename } from 'node:path'

import {
  FILE_CHUNK_MAX_BYTES,
  FILE_MAX_BYTES,
  FILE_WINDOW_BYTES,
  FileProblem,
} from '@tasuke/protocol'

import { fromFsError, TransferError } from './transfer-error.js'

/** Chunks are sent only while the link holds less than this unsent (screen updates first). */
export const LINK_BUFFER_LOW_BYTES = 1024 * 1024

/** How long the sender waits before looking at a full link again. */
const LINK_POLL_MS = 5

/** Where the chunks go: the current pairing's sealed channel. */
export interface ChunkPort {
  /** Seals and sends a chunk of this file; resolves once its frame is on the link. */
  sendChunk(offset: number, data: Uint8Array): Promise<void>
  /** Bytes the link holds unsent. */
  bufferedAmount(): number
}

export interface OutgoingFile {
  /** The file's name (no folders). */
  readonly name: string
  readonly size: number
  /** Bytes the receiver acknowledged. */
  acknowledged(): number
  /**
   * Sends from `offset` to the end through `port`, then answers the SHA-256 of the whole file.
   * Rejects with {@link TransferError}; resolves null when stopped by `pause`/`close`.
   */
  send(offset: number, port: ChunkPort): Promise<string | null>
  handleAck(offset: number): void
  /** Stops sending (the link dropped); `send` may be called again after a resume. */
  pause(): void
  close(): Promise<void>
}

/** Opens a regular file for sending; throws {@link TransferError} (`not-found`, `wrong-kind`). */
export async function openOutgoingFile(path: string): Promise<OutgoingFile> {
  let handle: FileHandle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw fromFsError(error, 'opening the file')
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) {
      throw new TransferError(FileProblem.WrongKind, 'it is not a regular file')
    }
    if (stats.size > FILE_MAX_BYTES) {
      throw new TransferError(FileProblem.TooLarge, 'the file is larger than 1 PiB')
    }
    return outgoing(handle, basename(path), stats.size)
  } catch (error) {
    await handle.close()
    throw fromFsError(error, 'reading the file')
  }
}

function outgoing(handle: FileHandle, name: string, size: number): OutgoingFile {
  // The hash over bytes 0..hashedTo, kept across a resume when the console resumes from there.
  let hash: Hash = createHash('sha256')
  let hashedTo = 0
  let acknowledged = 0
  let generation = 0
  let wake: (() => void) | null = null
  let isClosed = false

  const wakeUp = () => {
    const waiting = wake
    wake = null
    waiting?.()
  }

  /**
   * Reads up to `length` bytes at `position` into a buffer of its own (a read of a stopped
   * send may still land while the next one runs); throws when the file shrank.
   */
  const readAt = async (position: number, length: number): Promise<Uint8Array> => {
    const buffer = Buffer.allocUnsafe(length)
    let bytesRead
    try {
      ;({ bytesRead } = await handle.read(buffer, 0, length, position))
    } catch (error) {
      throw fromFsError(error, 'reading the file')
    }
    if (bytesRead === 0) {
      throw new TransferError(FileProblem.IoError, 'the file got shorter while it was being sent')
    }
    return buffer.subarray(0, bytesRead)
  }

  /** Hashes bytes 0..offset again when the resume does not start where the hash stands. */
  const hashUpTo = async (offset: number, isCurrent: () => boolean) => {
    if (hashedTo === offset) return
    hash = createHash('sha256')
    hashedTo = 0
    while (hashedTo < offset && isCurrent()) {
      const bytes = await readAt(hashedTo, Math.min(FILE_CHUNK_MAX_BYTES, offset - hashedTo))
      hash.update(bytes)
      hashedTo += bytes.byteLength
    }
  }

  return {
    name,
    size,
    acknowledged: () => acknowledged,
    async send(offset, port) {
      generation += 1
      const mine = generation
      const isCurrent = () => !isClosed && mine === generation
      wakeUp()
      if (offset > size) {
        throw new TransferError(
          FileProblem.ProtocolError,
          `the console asked for byte ${offset} of a ${size}-byte file`,
        )
      }
      acknowledged = offset
      await hashUpTo(offset, isCurrent)
      let position = offset
      while (position < size) {
        if (!isCurrent()) return null
        if (position - acknowledged >= FILE_WINDOW_BYTES) {
          await new Promise<void>((resolve) => {
            wake = resolve
          })
          continue
        }
        if (port.bufferedAmount() >= LINK_BUFFER_LOW_BYTES) {
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(wakeUp, LINK_POLL_MS)
          })
          continue
        }
        const length = Math.min(FILE_CHUNK_MAX_BYTES, size - position)
        const bytes = await readAt(position, length)
        if (!isCurrent()) return null
        hash.update(bytes)
        hashedTo += bytes.byteLength
        await port.sendChunk(position, bytes)
        position += bytes.byteLength
      }
      if (!isCurrent()) return null
      return hash.copy().digest('hex')
    },
    handleAck(offset) {
      if (offset > acknowledged) acknowledged = offset
      wakeUp()
    },
    pause() {
      generation += 1
      wakeUp()
    },
    async close() {
      if (isClosed) return
      isClosed = true
      wakeUp()
      await handle.close().catch(() => undefined)
    },
  }
}
