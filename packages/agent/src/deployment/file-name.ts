/**
 * The session number in the executable's own file name, as the server names a download
 * (`tasuke-support-12345678.exe`). Tolerates what browsers and file managers add when a
 * file of that name already exists: `tasuke-support-12345678 (1).exe`, `…-12345678-1`.
 */
import { win32 } from 'node:path'

const NAMED_DOWNLOAD = /^tasuke-support-(\d{8})(?!\d)/i

/** The 8-digit number, or null when the name carries none (a generic download, or `node`). */
export function codeFromExecutableName(execPath: string): string | null {
  // win32.basename splits on both / and \, so one rule serves every platform.
  return NAMED_DOWNLOAD.exec(win32.basename(execPath))?.[1] ?? null
}
