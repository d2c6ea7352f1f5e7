/** Picks the capture backend for this platform; the only place that imports a platform folder. */
import type { CaptureBackend } from './capture.js'
import { X11Capture } from './x11/x11-capture.js'

/** Platforms whose desktop is an X11 display (Wayland sessions are not covered yet). */
const X11_PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set(['linux', 'freebsd', 'openbsd'])

/** Whether this program can share the screen on `platform` at all. */
export function isCaptureSupported(platform: NodeJS.Platform = process.platform): boolean {
  return X11_PLATFORMS.has(platform)
}

export class UnsupportedPlatformError extends Error {
  override readonly name = 'UnsupportedPlatformError'
}

export async function openCapture(
  platform: NodeJS.Platform = process.platform,
): Promise<CaptureBackend> {
  if (!X11_PLATFORMS.has(platform)) {
    throw new UnsupportedPlatformError(
      `screen capture is not available on ${platform} yet (only X11 on Linux)`,
    )
  }
  return X11Capture.open()
}
