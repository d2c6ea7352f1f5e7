/**
 * Whether an installed agent is online: its `/ws/device` socket is open, or (the fallback for
 * agents that only call the HTTP heartbeat) it said it is alive within the online window.
 */

/** An agent heartbeats every 30 s; three missed beats and it shows as offline. */
export const DEFAULT_DEVICE_ONLINE_SECONDS = 90

export type DeviceStatus = 'online' | 'offline' | 'revoked'

export function deviceStatus(
  device: { readonly last_seen_at: string | null; readonly revoked_at: string | null },
  now: Date,
  onlineSeconds: number,
  socketOpen = false,
): DeviceStatus {
  if (device.revoked_at !== null) return 'revoked'
  if (socketOpen) return 'online'
  if (device.last_seen_at === null) return 'offline'
  const age = now.getTime() - Date.parse(device.last_seen_at)
  return age <= onlineSeconds * 1000 ? 'online' : 'offline'
}

/** The oldest last-seen time that still counts as online (ISO, comparable as text). */
export function onlineSince(now: Date, onlineSeconds: number): string {
  return new Date(now.getTime() - onlineSeconds * 1000).toISOString()
}
