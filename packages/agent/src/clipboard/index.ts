/** Picks the clipboard backend for this platform; the only place that imports a platform folder. */
import type { ClipboardBackend } from './clipboard.js'
import { X11Clipboard } from './x11/x11-clipboard.js'

export type { ClipboardBackend } from './clipboard.js'
export { type SessionClipboard, sessionClipboard } from './session-clipboard.js'

/** Platforms whose desktop is an X11 display (Wayland sessions are not covered yet). */
const X11_PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set(['linux', 'freebsd', 'openbsd'])

export class UnsupportedPlatformError extends Error {
  override readonly name = 'UnsupportedPlatformError'
}

export async function openClipboard(
  log: (line: string) => void,
  platform: NodeJS.Platform = process.platform,
): Promise<ClipboardBackend> {
  if (!X11_PLATFORMS.has(platform)) {
    throw new UnsupportedPlatformError(
      `clipboard sharing is not available on ${platform} yet (only X11 on Linux)`,
    )
  }
  return X11Clipboard.open(log)
}
