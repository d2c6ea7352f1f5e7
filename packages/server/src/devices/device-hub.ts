/**
 * The open `/ws/device` sockets of this node (SPEC.md D1–D2): one per device, a newer one
 * replaces the older (`Replaced`); heartbeats both ways, a silent socket is closed with
 * `HeartbeatTimeout`. A device whose socket is open counts as online. Single process: the
 * cluster seam (packages/server/src/cluster) does not carry device sockets yet.
 */
import { CloseCode, type ServerToDevice } from '@tasuke/protocol'

/** One accepted device socket, as the hub sees it. */
export interface DeviceLink {
  readonly deviceId: string
  readonly tenantId: string
  /** The address the socket came from (the customer's IP in the history). */
  readonly ip: string
  /** Heartbeat ticks since the device last sent anything. */
  silentTicks: number
  send(message: ServerToDevice): void
  close(code: CloseCode, reason: string): void
}

export interface DeviceHubOptions {
  /** How often the server sends `heartbeat` and checks for silence. */
  readonly heartbeatMs: number
  /** Ticks without a message from the device before its socket is closed. */
  readonly silentTicksAllowed: number
  /** How long a new socket may take to say `device-hello`. */
  readonly helloTimeoutMs: number
}

export const DEFAULT_DEVICE_HUB_OPTIONS: DeviceHubOptions = {
  heartbeatMs: 15_000,
  silentTicksAllowed: 3,
  helloTimeoutMs: 10_000,
}

export class DeviceHub {
  readonly options: DeviceHubOptions
  private readonly links = new Map<string, DeviceLink>()
  private readonly timer: NodeJS.Timeout

  constructor(options: Partial<DeviceHubOptions> = {}) {
    this.options = { ...DEFAULT_DEVICE_HUB_OPTIONS, ...options }
    this.timer = setInterval(() => {
      this.tick()
    }, this.options.heartbeatMs)
    this.timer.unref()
  }

  /** The device's socket is open on this node. */
  isOnline(deviceId: string): boolean {
    return this.links.has(deviceId)
  }

  link(deviceId: string): DeviceLink | null {
    return this.links.get(deviceId) ?? null
  }

  /** The open sockets of a tenant's devices. */
  linksOf(tenantId: string): DeviceLink[] {
    return [...this.links.values()].filter((link) => link.tenantId === tenantId)
  }

  /** A device was accepted: an older socket of the same device is closed (`Replaced`). */
  attach(link: DeviceLink): void {
    const previous = this.links.get(link.deviceId)
    this.links.set(link.deviceId, link)
    if (previous !== undefined && previous !== link) {
      previous.close(CloseCode.Replaced, 'replaced by a newer connection')
    }
  }

  /** A socket closed; only the device's current one takes it offline. */
  detach(link: DeviceLink): void {
    if (this.links.get(link.deviceId) === link) this.links.delete(link.deviceId)
  }

  /** Sends to the device's open socket; false when it has none. */
  send(deviceId: string, message: ServerToDevice): boolean {
    const link = this.links.get(deviceId)
    if (link === undefined) return false
    link.send(message)
    return true
  }

  /** Closes the device's socket for good (SPEC.md D4: it does not reconnect). */
  revoke(deviceId: string): void {
    const link = this.links.get(deviceId)
    if (link === undefined) return
    this.links.delete(deviceId)
    link.close(CloseCode.DeviceRevoked, 'device revoked')
  }

  /** One heartbeat round: silent sockets are closed, the others get a `heartbeat`. */
  tick(): void {
    for (const link of [...this.links.values()]) {
      link.silentTicks += 1
      if (link.silentTicks > this.options.silentTicksAllowed) {
        this.links.delete(link.deviceId)
        link.close(CloseCode.HeartbeatTimeout, 'heartbeat timeout')
      } else link.send({ type: 'heartbeat' })
    }
  }

  /** The node shuts down: every device socket closes (the devices reconnect elsewhere). */
  close(): void {
    clearInterval(this.timer)
    for (const link of this.links.values()) {
      link.close(CloseCode.ServerShutdown, 'server shutting down')
    }
    this.links.clear()
  }
}
