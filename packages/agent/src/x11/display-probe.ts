/**
 * Whether an X display answers us now: a real connection (with the cookie of `XAUTHORITY`),
 * closed at once. After a restart the installed service starts before the desktop does; a
 * DISPLAY that is merely set says nothing.
 */
import { closeX11, connectX11 } from './connection.js'

/** How long one try may take before the display counts as not there. */
export const DISPLAY_PROBE_TIMEOUT_MS = 3_000

export async function displayAnswers(
  displayName: string | undefined,
  timeoutMs = DISPLAY_PROBE_TIMEOUT_MS,
): Promise<boolean> {
  if (displayName === undefined || displayName === '') return false
  const connecting = connectX11(displayName)
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => {
      resolve('late')
    }, timeoutMs)
  })
  try {
    const outcome = await Promise.race([connecting, late])
    if (outcome === 'late') {
      // A connection that still comes is closed; one that fails is nobody's concern.
      connecting.then(closeX11).catch(() => undefined)
      return false
    }
    await closeX11(outcome)
    return true
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
