/**
 * Binds a copy of the agent to this server: overwrites, in place and at the same length, the
 * 1024-byte deployment slot the agent build leaves in the executable with the server's
 * address and certificate pin (layout: packages/agent/src/deployment/slot.ts).
 */
export const DEPLOYMENT_MARKER = Buffer.from('TASUKE-DEPLOYMENT:', 'latin1')
export const DEPLOYMENT_SLOT_BYTES = 1024

export interface Deployment {
  /** PUBLIC_URL as the agent should use it. */
  readonly serverUrl: string
  /** SHA-256 of the self-signed certificate, lower-case hex; null for a CA certificate. */
  readonly fingerprint: string | null
}

export class DeploymentSlotError extends Error {
  override readonly name = 'DeploymentSlotError'
}

/** The slot's content for `deployment`: marker, base64url JSON, space padding. */
export function encodeDeploymentSlot(deployment: Deployment): Buffer {
  const json = JSON.stringify({
    serverUrl: deployment.serverUrl,
    fingerprint: deployment.fingerprint,
  })
  const payload = Buffer.from(Buffer.from(json, 'utf8').toString('base64url'), 'latin1')
  const slot = Buffer.alloc(DEPLOYMENT_SLOT_BYTES, 0x20)
  if (DEPLOYMENT_MARKER.length + payload.length > DEPLOYMENT_SLOT_BYTES) {
    throw new DeploymentSlotError(
      'PUBLIC_URL is too long to fit in the agent (at most about 600 characters)',
    )
  }
  DEPLOYMENT_MARKER.copy(slot)
  payload.copy(slot, DEPLOYMENT_MARKER.length)
  return slot
}

/**
 * Writes `deployment` into `executable` (changed in place). Refuses a file without exactly
 * one unpatched slot: an agent built before binding existed, or one already bound.
 */
export function patchDeploymentSlot(executable: Buffer, deployment: Deployment): void {
  const slot = encodeDeploymentSlot(deployment)
  const first = executable.indexOf(DEPLOYMENT_MARKER)
  if (first === -1) {
    throw new DeploymentSlotError(
      'the agent build has no deployment slot: rebuild it with npm run build:exe -w @tasuke/agent',
    )
  }
  if (executable.indexOf(DEPLOYMENT_MARKER, first + 1) !== -1) {
    throw new DeploymentSlotError('the agent build holds more than one deployment slot')
  }
  const end = first + DEPLOYMENT_SLOT_BYTES
  const padding = executable.subarray(first + DEPLOYMENT_MARKER.length, end)
  if (end > executable.length || padding.some((byte) => byte !== 0x20)) {
    throw new DeploymentSlotError(
      'the agent build is already bound to a server (its slot is filled)',
    )
  }
  slot.copy(executable, first)
}
