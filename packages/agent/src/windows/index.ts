/** Picks the window source for this platform; the only place that imports a platform folder. */
import type { WindowSource } from './window-source.js'
import { X11WindowSource } from './x11/x11-window-source.js'

/** Platforms whose desktop is an X11 display. */
const X11_PLATFORMS: ReadonlySet<NodeJS.Platform> = new Set(['linux', 'freebsd', 'openbsd'])

export function openWindowSource(
  platform: NodeJS.Platform = process.platform,
): Promise<WindowSource> {
  if (!X11_PLATFORMS.has(platform)) {
    return Promise.reject(new Error(`the window list is not available on ${platform} yet`))
  }
  return X11WindowSource.open()
}

export type { Application } from './applications.js'
export {
  type ApplicationChoice,
  createWindowRestriction,
  ShowMode,
  type WindowRestriction,
} from './window-restriction.js'
