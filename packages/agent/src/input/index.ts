/** Picks the input backend for this platform; the only place that imports a platform folder. */
import type { InputBackend } from './input.js'
import { X11Input } from './x11/x11-input.js'

/** Platforms whose desktop is an X11 display (Wayland sessions are not covered yet). */
const X11_PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set(['linux', 'freebsd', 'openbsd'])

export class UnsupportedPlatformError extends Error {
  override readonly name = 'UnsupportedPlatformError'
}

export async function openInput(
  platform: NodeJS.Platform = process.platform,
): Promise<InputBackend> {
  if (!X11_PLATFORMS.has(platform)) {
    throw new UnsupportedPlatformError(
      `remote input is not available on ${platform} yet (only X11 on Linux)`,
    )
  }
  return X11Input.open()
}
