/**
 * What the operator may see while the customer shows only chosen applications (SPEC.md P10):
 * each shown window minus every window stacked above it that is not shown, within the desktop.
 * @module
 */
import type { Rect } from '../capture/capture.js'
import { shownWindows } from './applications.js'
import { addToRegion, intersectRegion, type Region, subtractFromRegion } from './region.js'
import type { WindowInfo } from './window-info.js'

/**
 * The visible region for `chosen` application ids; `windows` are in stacking order, bottom
 * to top. Everything outside it (other windows, the desktop) is masked.
 */
export function visibleRegion(
  windows: readonly WindowInfo[],
  chosen: ReadonlySet<string>,
  desktop: Rect,
): Region {
  const shown = shownWindows(windows, chosen)
  let region: Rect[] = []
  // Bottom to top: a shown window adds its rectangle, any other window cuts its own out.
  for (const window of windows) {
    region = shown.has(window.id)
      ? addToRegion(region, window.rect)
      : subtractFromRegion(region, window.rect)
  }
  return intersectRegion(region, desktop)
}
