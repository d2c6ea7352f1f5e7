/**
 * A file the operator sends, as it is written (SPEC.md T3–T6): under a temporary
 * `<name>.tasuke-part` inside the receiving folder, hashed as it grows, and given its name
 * (never an existing one) only once its SHA-256 matches. Kept across a resume; deleted on
 * cancel, failure or the end of the session.
 * @module
 */
import { createHash, type Hash, randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { type FileHandle, link, lstat, mkdir, open, realpath, unlink } from 'node:fs/promises'
import { join, sep } from 'node:path'

import { FileProblem } from '@tasuke/protocol'

import { SAFE_SEGMENT_MAX_BYTES } from './safe-name.js'
import { fromFsError, TransferError } from './transfer-error.js'

/** What the temporary file's name ends in. */
export const PART_SUFFIX = '.tasuke-part'

/** How many `name (n).ext` are tried before giving up. */
const MAX_NAME_ATTEMPTS = 1000

export interface IncomingFile {
  /** Where it will be saved, relative to the receiving folder, `/`-separated. */
  readonly savedAs: string
  readonly size: number
  /** Bytes stored so far: where the next chunk must start. */
  received(): number
  /** Stores the next piece; throws {@link TransferError} (`protocol-error`, `no-space`, …). */
  write(offset: number, data: Uint8Array): Promise<void>
  /**
   * Checks the sender's SHA-256 and gives the file its name; answers where it was saved (a
   * name taken in the meantime moves it to the next free one). Throws on a mismatch, after
   * deleting the file.
   */
  finish(sha256: string): Promise<string>
  /** Deletes what was written. Safe to call twice. */
  discard(): Promise<void>
}

/**
 * Creates the folders of `segments` (checked by `checkRelativePath`) under `root` (a real
 * path), picks a free name, and opens its temporary file exclusively.
 */
export async function createIncomingFile(
  root: string,
  segments: readonly string[],
  size: number,
): Promise<IncomingFile> {
  const folders = segments.slice(0, -1)
  const name = segments.at(-1) ?? ''
  const folder = await makeFolders(root, folders)
  const reserved = await reserveName(folder, name)
  const { handle, tempPath } = reserved
  let finalName = reserved.finalName
  const hash: Hash = createHash('sha256')
  let received = 0
  let isClosed = false

  const relative = (fileName: string) => [...folders, fileName].join('/')

  const discard = async () => {
    if (isClosed) return
    isClosed = true
    await handle.close().catch(() => undefined)
    await unlink(tempPath).catch(() => undefined)
  }

  return {
    savedAs: relative(finalName),
    size,
    received: () => received,
    async write(offset, data) {
      if (isClosed) throw new TransferError(FileProblem.ProtocolError, 'the transfer is over')
      if (offset !== received) {
        throw new TransferError(
          FileProblem.ProtocolError,
          `a chunk starts at byte ${offset}, but the next byte expected is ${received}`,
        )
      }
      if (offset + data.byteLength > size) {
        throw new TransferError(
          FileProblem.ProtocolError,
          `a chunk ends at byte ${offset + data.byteLength}, past the announced size ${size}`,
        )
      }
      let written = 0
      try {
        while (written < data.byteLength) {
          const result = await handle.write(
            data,
            written,
            data.byteLength - written,
            offset + written,
          )
          written += result.bytesWritten
        }
      } catch (error) {
        throw fromFsError(error, 'writing the file')
      }
      hash.update(data)
      received += data.byteLength
    },
    async finish(sha256) {
      if (isClosed) throw new TransferError(FileProblem.ProtocolError, 'the transfer is over')
      if (received !== size) {
        await discard()
        throw new TransferError(
          FileProblem.ProtocolError,
          `the sender finished after ${received} bytes, but announced ${size}`,
        )
      }
      const actual = hash.digest('hex')
      if (actual !== sha256) {
        await discard()
        throw new TransferError(
          FileProblem.HashMismatch,
          'the SHA-256 of the received file differs from the sender’s; the file was discarded',
        )
      }
      isClosed = true
      try {
        await handle.close()
        finalName = await linkFree(folder, finalName, tempPath)
        await unlink(tempPath)
      } catch (error) {
        await unlink(tempPath).catch(() => undefined)
        throw fromFsError(error, 'saving the file')
      }
      return relative(finalName)
    },
    discard,
  }
}

/** Creates each folder under `root`, refusing anything that leads out of it (a symlink). */
async function makeFolders(root: string, folders: readonly string[]): Promise<string> {
  let current = root
  for (const folder of folders) {
    current = join(current, folder)
    try {
      await mkdir(current, { mode: 0o700 })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw fromFsError(error, `creating the folder ${folder}`)
      }
    }
    const stats = await lstat(current).catch((error: unknown) => {
      throw fromFsError(error, `checking the folder ${folder}`)
    })
    if (!stats.isDirectory()) {
      throw new TransferError(
        FileProblem.BadName,
        `"${folder}" exists in the receiving folder and is not a folder`,
      )
    }
  }
  const real = await realpath(current).catch((error: unknown) => {
    throw fromFsError(error, 'checking the folder')
  })
  if (real !== root && !real.startsWith(root + sep)) {
    throw new TransferError(FileProblem.BadName, 'the path leads out of the receiving folder')
  }
  return real
}

/** `name`, then `name (1).ext`, `name (2).ext`, … */
export function candidateName(name: string, attempt: number): string {
  if (attempt === 0) return name
  const dot = name.lastIndexOf('.')
  const hasExtension = dot > 0
  const stem = hasExtension ? name.slice(0, dot) : name
  const extension = hasExtension ? name.slice(dot) : ''
  return `${stem} (${attempt})${extension}`
}

interface Reservation {
  readonly finalName: string
  readonly tempPath: string
  readonly handle: FileHandle
}

const encoder = new TextEncoder()

/** Opens a new temporary file for the first free name; 'wx' makes two transfers never share one. */
async function reserveName(folder: string, name: string): Promise<Reservation> {
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const finalName = candidateName(name, attempt)
    if (encoder.encode(finalName).byteLength > SAFE_SEGMENT_MAX_BYTES) break
    if (await exists(join(folder, finalName))) continue
    const tempPath = join(folder, tempName(finalName))
    let handle: FileHandle
    try {
      handle = await open(
        tempPath,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o600,
      )
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
      throw fromFsError(error, 'creating the file')
    }
    return { finalName, tempPath, handle }
  }
  throw new TransferError(
    FileProblem.BadName,
    `no free name like "${name}" in the receiving folder`,
  )
}

function tempName(finalName: string): string {
  const wanted = `${finalName}${PART_SUFFIX}`
  if (encoder.encode(wanted).byteLength <= SAFE_SEGMENT_MAX_BYTES) return wanted
  return `tasuke-${randomBytes(8).toString('hex')}${PART_SUFFIX}`
}

/** Links the finished file under the first free name from `name` on; never replaces a file. */
async function linkFree(folder: string, name: string, tempPath: string): Promise<string> {
  const base = name
  for (let attempt = 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const candidate = attempt === 0 ? base : candidateName(base, attempt)
    try {
      await link(tempPath, join(folder, candidate))
      return candidate
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
  }
  throw new TransferError(
    FileProblem.BadName,
    `no free name like "${name}" in the receiving folder`,
  )
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}
