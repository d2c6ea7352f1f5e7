/**
 * One folder of the customer's, as the operator (after the customer allowed it, SPEC.md T7)
 * or the customer's own file picker sees it: folders first, then by name, at most
 * `FILE_LISTING_MAX_ENTRIES` entries. Paths are absolute; `''` is the home folder.
 * @module
 */
import type { Dirent } from 'node:fs'
import { opendir, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'

import {
  FILE_LISTING_MAX_ENTRIES,
  FILE_PATH_MAX_LENGTH,
  type FileListingEntry,
  FileProblem,
} from '@tasuke/protocol'

import { fromFsError, TransferError } from './transfer-error.js'

export interface FolderListing {
  readonly path: string
  /** The folder above, or null at the root. */
  readonly parent: string | null
  readonly entries: FileListingEntry[]
  readonly isTruncated: boolean
}

/** How many entries are looked at (stat) at once. */
const STAT_BATCH = 64
/** Entries read from a huge folder before it is cut; the first ones by name are kept. */
const READ_MAX_ENTRIES = 100_000

/** Resolves a requested folder path: `''` is home; anything else must be absolute. */
export function resolveBrowsePath(path: string, home: string = homedir()): string {
  if (path === '') return home
  if (path.length > FILE_PATH_MAX_LENGTH || path.includes('\0')) {
    throw new TransferError(FileProblem.BadName, 'the path is too long or contains NUL')
  }
  if (!isAbsolute(path)) {
    throw new TransferError(FileProblem.BadName, 'the path must be absolute (or empty for home)')
  }
  return resolve(path)
}

/** Lists a folder. Throws {@link TransferError} (`not-found`, `wrong-kind`, `io-error`). */
export async function listFolder(path: string, home: string = homedir()): Promise<FolderListing> {
  const folder = resolveBrowsePath(path, home)
  const folderStats = await stat(folder).catch((error: unknown) => {
    throw fromFsError(error, 'opening the folder')
  })
  if (!folderStats.isDirectory()) throw new TransferError(FileProblem.WrongKind, 'not a folder')
  const dirents: Dirent[] = []
  let isTruncated = false
  try {
    const dir = await opendir(folder, { bufferSize: 256 })
    for await (const dirent of dir) {
      if (dirents.length >= READ_MAX_ENTRIES) {
        isTruncated = true
        break
      }
      dirents.push(dirent)
    }
  } catch (error) {
    throw fromFsError(error, 'reading the folder')
  }
  // Sorted before stat: a huge folder costs one stat per entry shown, not per entry.
  dirents.sort((a, b) => byKindThenName(a.isDirectory(), a.name, b.isDirectory(), b.name))
  if (dirents.length > FILE_LISTING_MAX_ENTRIES) isTruncated = true
  const shown = dirents.slice(0, FILE_LISTING_MAX_ENTRIES)
  const entries: FileListingEntry[] = []
  for (let i = 0; i < shown.length; i += STAT_BATCH) {
    const batch = shown.slice(i, i + STAT_BATCH)
    entries.push(...(await Promise.all(batch.map((dirent) => describe(folder, dirent)))))
  }
  entries.sort((a, b) => byKindThenName(a.kind === 'folder', a.name, b.kind === 'folder', b.name))
  const parent = dirname(folder)
  return { path: folder, parent: parent === folder ? null : parent, entries, isTruncated }
}

async function describe(folder: string, dirent: Dirent): Promise<FileListingEntry> {
  const name = dirent.name
  try {
    // Followed: a link to a folder is shown (and opened) as the folder.
    const stats = await stat(join(folder, name))
    const kind = stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other'
    return {
      name,
      kind,
      size: kind === 'file' ? stats.size : 0,
      modifiedAt: Math.max(0, Math.floor(stats.mtimeMs)),
    }
  } catch {
    return { name, kind: 'other', size: 0, modifiedAt: 0 }
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

function byKindThenName(aIsFolder: boolean, a: string, bIsFolder: boolean, b: string): number {
  if (aIsFolder !== bIsFolder) return aIsFolder ? -1 : 1
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0)
}
