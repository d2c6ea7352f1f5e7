/**
 * One `/ws/device` socket (SPEC.md D1–D3): the first message must be `device-hello` with the
 * device's credentials (checked in constant time), within the hello timeout; then the device
 * is welcomed with its policy and counts as online until the socket closes. Every message is
 * validated; bad input gets an `error` (or closes the socket before the hello) and changes
 * nothing.
 */
import {
  CloseCode,
  DeviceToServer,
  ErrorCode,
  MAX_MESSAGE_BYTES,
  type MessageOf,
  type ServerToDevice,
  checkProtocolVersion,
  parseMessage,
} from '@tasuke/protocol'

import { checkDeviceCredential } from './devices.js'
import type { DeviceLink } from './device-hub.js'
import * as deviceSessions from './session-store.js'
import * as store from './store.js'
import type { Unattended } from './unattended.js'

/** The transport under one device socket (a `ws` socket in routes). */
export interface DeviceTransport {
  send(text: string): void
  close(code: number, reason: string): void
}

/** Messages per window a device may send; past the hard limit its socket is closed. */
export const DEVICE_SOCKET_LIMITS = { windowMs: 10_000, softLimit: 20, hardLimit: 40 } as const

/** WebSocket's own "internal error" close code. */
const SERVER_ERROR = 1011

type DeviceHello = MessageOf<DeviceToServer, 'device-hello'>

export class DeviceConnection {
  private link: DeviceLink | null = null
  private state: 'hello' | 'checking' | 'open' | 'closed' = 'hello'
  private windowStart = 0
  private windowCount = 0
  private readonly helloTimer: NodeJS.Timeout
  /** Messages are handled one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly unattended: Unattended,
    private readonly transport: DeviceTransport,
    private readonly ip: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.helloTimer = setTimeout(() => {
      if (this.state === 'hello' || this.state === 'checking') {
        this.close(CloseCode.ProtocolError, 'device-hello expected in time')
      }
    }, unattended.hub.options.helloTimeoutMs)
    this.helloTimer.unref()
  }

  message(data: string): void {
    if (this.state === 'closed') return
    if (this.link !== null) this.link.silentTicks = 0
    if (!this.withinRate()) return
    if (data.length > MAX_MESSAGE_BYTES) {
      this.refuse(CloseCode.TooLarge, 'The message is too large.')
      return
    }
    const parsed = parseMessage(DeviceToServer, data)
    if (this.state !== 'open') {
      if (this.state === 'checking') {
        // A heartbeat may cross the credential check; anything else waits for the welcome.
        if (parsed.ok && parsed.message.type === 'heartbeat') return
        this.refuse(CloseCode.ProtocolError, 'Wait for device-welcome.')
        return
      }
      if (!parsed.ok || parsed.message.type !== 'device-hello') {
        const detail = parsed.ok ? 'The first message must be device-hello.' : parsed.error.message
        this.refuse(CloseCode.ProtocolError, detail)
        return
      }
      this.state = 'checking'
      const hello = parsed.message
      this.enqueue(() => this.hello(hello))
      return
    }
    if (!parsed.ok) {
      this.error(ErrorCode.InvalidMessage, parsed.error.message)
      return
    }
    const message = parsed.message
    switch (message.type) {
      case 'heartbeat':
        return
      case 'device-hello':
        this.error(ErrorCode.InvalidMessage, 'device-hello was sent already.')
        return
      case 'connect-refused': {
        const deviceId = this.link?.deviceId
        if (deviceId !== undefined) this.enqueue(() => this.unattended.refused(deviceId, message))
        return
      }
      case 'session-resume': {
        const deviceId = this.link?.deviceId
        if (deviceId === undefined) return
        this.enqueue(async () => {
          if (!(await this.unattended.resume(deviceId, message.sessionId))) {
            this.error(ErrorCode.SessionNotFound, 'No active session of this computer to resume.')
          }
        })
        return
      }
    }
  }

  /** Device messages are JSON text; a binary frame breaks the protocol. */
  binary(): void {
    this.refuse(CloseCode.ProtocolError, 'Device messages are JSON text, not binary frames.')
  }

  closed(): void {
    clearTimeout(this.helloTimer)
    this.state = 'closed'
    if (this.link !== null) this.unattended.hub.detach(this.link)
  }

  private async hello(hello: DeviceHello): Promise<void> {
    const incompatible = checkProtocolVersion(hello.protocolVersion)
    if (incompatible !== undefined) {
      this.refuse(CloseCode.IncompatibleVersion, `Protocol version: ${incompatible}.`, incompatible)
      return
    }
    const { services } = this.unattended
    const check = await checkDeviceCredential(services, {
      deviceId: hello.deviceId,
      secret: hello.deviceSecret,
    })
    if (this.isClosed()) return
    if (!check.ok) {
      if (check.reason === 'revoked-device') {
        this.refuse(CloseCode.DeviceRevoked, 'The support company revoked this computer.')
      } else {
        this.refuse(CloseCode.Unauthorized, 'Unknown computer or wrong credentials.')
      }
      return
    }
    const device = check.device
    const touched = await store.touchDevice(services.db, device.id, {
      last_seen_at: services.clock.now().toISOString(),
      last_ip: this.ip,
      os_platform: hello.os.platform,
      os_release: hello.os.release.trim(),
      os_arch: hello.os.arch,
      agent_version: hello.agentVersion,
    })
    if (this.isClosed()) return
    if (!touched) {
      this.refuse(CloseCode.DeviceRevoked, 'The support company revoked this computer.')
      return
    }
    clearTimeout(this.helloTimer)
    const link: DeviceLink = {
      deviceId: device.id,
      tenantId: device.tenant_id,
      ip: this.ip,
      silentTicks: 0,
      send: (message) => {
        this.send(message)
      },
      close: (code, reason) => {
        this.close(code, reason)
      },
    }
    this.link = link
    this.state = 'open'
    this.unattended.hub.attach(link)
    this.send({
      type: 'device-welcome',
      deviceName: device.name,
      tenantName: (await deviceSessions.tenantName(services.db, device.tenant_id)) || '—',
      policy: await this.unattended.policyOf(device),
    })
    // Back after a restart or a network loss: its accepted sessions resume (SPEC.md D5).
    await this.unattended.resumeAll(device.id)
  }

  /** Read through a method: the state changes while a check awaits the store. */
  private isClosed(): boolean {
    return this.state === 'closed'
  }

  private withinRate(): boolean {
    const now = Date.now()
    if (now - this.windowStart > DEVICE_SOCKET_LIMITS.windowMs) {
      this.windowStart = now
      this.windowCount = 0
    }
    this.windowCount += 1
    if (this.windowCount > DEVICE_SOCKET_LIMITS.hardLimit) {
      this.refuse(CloseCode.RateLimited, 'Too many messages.', ErrorCode.RateLimited)
      return false
    }
    if (this.windowCount > DEVICE_SOCKET_LIMITS.softLimit) {
      this.error(ErrorCode.RateLimited, 'Too many messages; slow down.')
      return false
    }
    return true
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.onError(error)
      this.close(SERVER_ERROR, 'server error')
    })
  }

  private send(message: ServerToDevice): void {
    if (this.state === 'closed') return
    this.transport.send(JSON.stringify(message))
  }

  private error(code: ErrorCode, message: string): void {
    this.send({ type: 'error', code, message: message.slice(0, 500) })
  }

  private refuse(
    closeCode: CloseCode,
    message: string,
    code: ErrorCode = ErrorCode.InvalidMessage,
  ): void {
    this.error(
      closeCode === CloseCode.Unauthorized || closeCode === CloseCode.DeviceRevoked
        ? ErrorCode.Unauthorized
        : code,
      message,
    )
    this.close(closeCode, message)
  }

  private close(code: number, reason: string): void {
    if (this.state === 'closed') return
    if (this.link !== null) this.unattended.hub.detach(this.link)
    this.state = 'closed'
    clearTimeout(this.helloTimer)
    this.transport.close(code, reason.slice(0, 120))
  }
}
