/**
 * Where files the operator sends are saved: `~/Downloads/tasuke` when the customer has a
 * Downloads folder, else `~/tasuke-files`; the command line may name another. Created on
 * first use, never before a file arrives; on first use, part files of transfers that never
 * finished and are a day old are removed (`stale-parts.ts`).
 * @module
 */
import { existsSync } from 'node:fs'
import { mkdir, realpath } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

import { removeStaleParts, type StalePartsOptions } from './stale-parts.js'

/** The folder files are saved in, by default. */
export function defaultReceiveFolder(home: string = homedir()): string {
  const downloads = join(home, 'Downloads')
  return existsSync(downloads) ? join(downloads, 'tasuke') : join(home, 'tasuke-files')
}

/** The receiving folder, created when missing; resolves to its real path (symlinks followed). */
export interface ReceiveFolder {
  /** The folder as configured. */
  readonly path: string
  /** Creates the folder if needed and answers its real path. */
  ensure(): Promise<string>
}

export interface ReceiveFolderOptions extends StalePartsOptions {
  /** Told the stale part files removed on first use (relative paths), when there were any. */
  readonly onStaleRemoved?: (paths: readonly string[]) => void
}

export function receiveFolder(path: string, options: ReceiveFolderOptions = {}): ReceiveFolder {
  let ready: Promise<string> | null = null
  let isSwept = false
  const sweep = async (root: string): Promise<string> => {
    if (isSwept) return root
    isSwept = true
    const removed = await removeStaleParts(root, options)
    if (removed.length > 0) options.onStaleRemoved?.(removed)
    return root
  }
  return {
    path,
    ensure() {
      ready ??= mkdir(path, { recursive: true, mode: 0o700 })
        .then(() => realpath(path))
        .then(sweep)
      // A failure (no permission, a file in the way) is tried again on the next transfer.
      ready.catch(() => {
        ready = null
      })
      return ready
    },
  }
}
