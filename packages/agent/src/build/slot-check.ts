/**
 * The build's guarantee to the server (docs/agent.md "Bound downloads"): the deployment slot
 * appears exactly once, unpatched, in the bundle and in every executable, so the server can
 * overwrite it in place.
 */
import {
  DEPLOYMENT_MARKER_BYTES,
  DEPLOYMENT_SLOT,
  DEPLOYMENT_SLOT_BYTES,
} from '../deployment/slot.js'

export function checkDeploymentSlot(data: Buffer, what: string): void {
  const slot = Buffer.from(DEPLOYMENT_SLOT, 'latin1')
  const marker = slot.subarray(0, DEPLOYMENT_MARKER_BYTES)
  if (slot.length !== DEPLOYMENT_SLOT_BYTES) {
    throw new Error(
      `the deployment slot must be ${DEPLOYMENT_SLOT_BYTES} bytes, not ${slot.length}`,
    )
  }
  const found: number[] = []
  for (let at = data.indexOf(marker); at !== -1; at = data.indexOf(marker, at + 1)) found.push(at)
  if (found.length !== 1) {
    throw new Error(
      `${what} holds the deployment marker ${found.length} times, not once: the server could ` +
        'not bind downloads to itself (is deployment/bind-process.ts still imported, and the ' +
        'marker written nowhere else?)',
    )
  }
  const at = found[0] ?? 0
  if (!data.subarray(at, at + slot.length).equals(slot)) {
    throw new Error(`${what} holds the deployment marker, but not the whole unpatched slot`)
  }
}
