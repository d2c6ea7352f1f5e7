/**
 * Where files the operator sends are saved: `~/Downloads/tasuke` when the customer has a
 * Downloads folder, else `~/tasuke-files`; the command line may name another. Created on
 * first use, never before a file arrives.
 * @module
 */
import { existsSync } from 'node:fs'
import { mkdir, realpath } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

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

export function receiveFolder(path: string): ReceiveFolder {
  let ready: Promise<string> | null = null
  return {
    path,
    ensure() {
      ready ??= mkdir(path, { recursive: true, mode: 0o700 }).then(() => realpath(path))
      // A failure (no permission, a file in the way) is tried again on the next transfer.
      ready.catch(() => {
        ready = null
      })
      return ready
    },
  }
}
