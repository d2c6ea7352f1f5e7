/**
 * The relay's check of an unattended session's agent token (SPEC.md D3): it admits one agent
 * socket, before it expires, of a device that is not revoked. Sessions that are not an
 * installed device's (a redeemed session number) are not affected.
 */
import type { Services } from '../services.js'
import { claimAgentToken, findDeviceSession } from './session-store.js'

/** `attended`: not an installed device's session; `installed`: the token was claimed now. */
export type DeviceAgentVerdict = 'attended' | 'installed' | 'refused'

export async function admitsDeviceAgent(
  deps: Pick<Services, 'db' | 'clock'>,
  sessionId: string,
): Promise<DeviceAgentVerdict> {
  const link = await findDeviceSession(deps.db, sessionId)
  if (link === null) return 'attended'
  const claimed = await claimAgentToken(deps.db, sessionId, deps.clock.now().toISOString())
  return claimed ? 'installed' : 'refused'
}
