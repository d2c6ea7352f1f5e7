/**
 * Reads the deployment the server wrote into this executable's slot (slot.ts): the server's
 * address and, for a self-signed certificate, its SHA-256 fingerprint to pin.
 */
import { DEPLOYMENT_MARKER_BYTES, DEPLOYMENT_SLOT } from './slot.js'

export interface EmbeddedDeployment {
  readonly serverUrl: URL
  /** Lower-case hex without colons (as `--fingerprint` gives it); null for a CA certificate. */
  readonly fingerprint: string | null
}

export class DeploymentError extends Error {
  override readonly name = 'DeploymentError'
}

/** The deployment in `slot` (this executable's own by default); null when never patched. */
export function readEmbeddedDeployment(slot: string = DEPLOYMENT_SLOT): EmbeddedDeployment | null {
  const payload = slot.slice(DEPLOYMENT_MARKER_BYTES).trimEnd()
  if (payload === '') return null
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) throw corrupt('not base64url')
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
  } catch {
    throw corrupt('not JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw corrupt('not an object')
  }
  const { serverUrl, fingerprint } = parsed as Record<string, unknown>
  if (typeof serverUrl !== 'string') throw corrupt('no serverUrl')
  let url: URL
  try {
    url = new URL(serverUrl)
  } catch {
    throw corrupt('serverUrl is not a URL')
  }
  if (url.protocol !== 'https:') throw corrupt('serverUrl is not https')
  if (
    fingerprint !== null &&
    (typeof fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(fingerprint))
  ) {
    throw corrupt('fingerprint is not 64 hex digits')
  }
  return { serverUrl: url, fingerprint }
}

function corrupt(why: string): DeploymentError {
  return new DeploymentError(
    `this program's built-in server settings are damaged (${why}): download it again`,
  )
}
