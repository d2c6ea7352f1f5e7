/**
 * Leftovers of transfers that never finished (the agent was killed, the computer turned off):
 * `*.tasuke-part` files in the receiving folder, at any depth, untouched for a day. They are
 * removed when the folder is first used by this run of the agent, before any transfer of
 * this run has written a part file; a part file another running agent is still writing is
 * never a day old, and symbolic links are never followed or removed.
 * @module
 */
import { lstat, readdir, unlink } from 'node:fs/promises'
import { join, relative } from 'node:path'

import { PART_SUFFIX } from './incoming-file.js'

/** A part file untouched for longer than this is stale. */
export const STALE_PART_AGE_MS = 24 * 60 * 60 * 1000
/** At most this many folder entries are looked at (a huge folder is not walked to the end). */
export const STALE_SCAN_MAX_ENTRIES = 20_000

export interface StalePartsOptions {
  readonly now?: () => number
  readonly maxAgeMs?: number
}

/**
 * Deletes the stale part files under `root` (a real path); answers their paths relative to
 * `root`. Entries that cannot be read or deleted are left alone.
 */
export async function removeStaleParts(
  root: string,
  options: StalePartsOptions = {},
): Promise<string[]> {
  const now = options.now ?? (() => Date.now())
  const maxAgeMs = options.maxAgeMs ?? STALE_PART_AGE_MS
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => [])
  const removed: string[] = []
  for (const entry of entries.slice(0, STALE_SCAN_MAX_ENTRIES)) {
    if (!entry.isFile() || !entry.name.endsWith(PART_SUFFIX)) continue
    const path = join(entry.parentPath, entry.name)
    const stats = await lstat(path).catch(() => null)
    if (stats === null || !stats.isFile() || now() - stats.mtimeMs <= maxAgeMs) continue
    const isDeleted = await unlink(path).then(
      () => true,
      () => false,
    )
    if (isDeleted) removed.push(relative(root, path))
  }
  return removed
}
