/**
 * Unattended connections (SPEC.md D3–D4, docs/devices.md): an operator connects to an online
 * device, the device refuses or its token runs out, an admin changes a policy or revokes the
 * device. Sessions are the usual support sessions with method `unattended`; the relay admits
 * the device's agent socket with a single-use, short-lived agent token.
 */
import { randomBytes } from 'node:crypto'

import { SessionEndReason, type MessageOf, type DeviceToServer } from '@tasuke/protocol'

import { AuditKind } from '../audit/audit.js'
import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import { AGENT_TOKEN_BYTES, hashAgentToken } from '../sessions/redeem.js'
import { SessionOutcome, SessionTransitionError } from '../sessions/session-state.js'
import { applyEvent, createSession, markEnded, SessionNotFoundError } from '../sessions/sessions.js'
import type { DeviceHub } from './device-hub.js'
import { effectivePolicy, policyFromColumns, type AccessPolicy } from './policy.js'
import * as store from './store.js'
import { tenantPolicy } from './devices.js'
import * as deviceSessions from './session-store.js'

/** The part of the relay that ends sessions (relay.ts `endHere`). */
export interface SessionEnder {
  endHere(sessionId: string, reason: SessionEndReason): void
}

export interface UnattendedOptions {
  /** How long the agent token of a connect-request admits the device's agent socket. */
  readonly agentTokenSeconds: number
}

export const DEFAULT_UNATTENDED_OPTIONS: UnattendedOptions = { agentTokenSeconds: 60 }

export type ConnectResult =
  | { readonly ok: true; readonly sessionId: string; readonly viewerUrl: string }
  | { readonly ok: false; readonly reason: 'not-found' | 'revoked' | 'offline' }

type ConnectRefused = MessageOf<DeviceToServer, 'connect-refused'>

/** What the viewer is told when a device refuses a connection. */
const REFUSAL_REASONS: Record<ConnectRefused['reason'], SessionEndReason> = {
  busy: SessionEndReason.DeviceBusy,
  'no-display': SessionEndReason.NoDisplay,
  'refused-by-policy': SessionEndReason.ConsentDeclined,
  error: SessionEndReason.Error,
}

export class Unattended {
  readonly options: UnattendedOptions
  private relay: SessionEnder | null = null
  private readonly timers = new Set<NodeJS.Timeout>()

  constructor(
    readonly services: Services,
    readonly hub: DeviceHub,
    options: Partial<UnattendedOptions> = {},
  ) {
    this.options = { ...DEFAULT_UNATTENDED_OPTIONS, ...options }
  }

  /** The relay is created after the device routes; app.ts hands it over. */
  useRelay(relay: SessionEnder): void {
    this.relay = relay
  }

  /**
   * An operator connects to a device: a session with method `unattended` is created, already
   * redeemed with a fresh agent token, and the device gets `connect-request`.
   */
  async connect(principal: Principal, deviceId: string, ip: string): Promise<ConnectResult> {
    const { services } = this
    const device = await store.findDevice(services.db, principal.tenantId, deviceId)
    if (device === null) return { ok: false, reason: 'not-found' }
    if (device.revoked_at !== null) return { ok: false, reason: 'revoked' }
    const link = this.hub.link(deviceId)
    if (link === null) return { ok: false, reason: 'offline' }

    const policy = await this.policyOf(device)
    const view = await createSession(services, {
      tenantId: principal.tenantId,
      operatorId: principal.operatorId,
      method: 'unattended',
      expiresInMinutes: 10,
      operatorIp: ip,
    })
    const row = await deviceSessions.findSupportSession(services.db, view.id)
    if (row === null) throw new SessionNotFoundError(view.id)
    const agentToken = randomBytes(AGENT_TOKEN_BYTES).toString('base64url')
    const now = services.clock.now()
    await applyEvent(services, row, 'redeem', {
      redeemed_at: now.toISOString(),
      customer_ip: link.ip,
      agent_token_hash: hashAgentToken(agentToken),
    })
    const tokenMs = this.options.agentTokenSeconds * 1000
    await deviceSessions.insertDeviceSession(services.db, {
      session_id: view.id,
      device_id: deviceId,
      tenant_id: principal.tenantId,
      token_expires_at: new Date(now.getTime() + tokenMs).toISOString(),
      token_used_at: null,
      created_at: now.toISOString(),
    })
    await services.audit.record({
      tenantId: principal.tenantId,
      kind: AuditKind.DeviceConnected,
      ip,
      operatorId: principal.operatorId,
      detail: { deviceId, sessionId: view.id, policy: policy.mode },
    })
    const sent = this.hub.send(deviceId, {
      type: 'connect-request',
      sessionId: view.id,
      agentToken,
      operatorName: principal.displayName,
      policy,
    })
    if (!sent) {
      await this.endSession(view.id, SessionEndReason.Error, SessionOutcome.NotConnected)
      return { ok: false, reason: 'offline' }
    }
    this.giveUpUnlessJoined(view.id, tokenMs)
    return { ok: true, sessionId: view.id, viewerUrl: `/sessions/${view.id}/view` }
  }

  /**
   * A device asks to rejoin one of its accepted sessions whose agent socket dropped (SPEC.md
   * D5): it gets a fresh single-use agent token in a `connect-request` with `resume`. Only the
   * device the session went to, and only while the session is active; false otherwise.
   */
  async resume(deviceId: string, sessionId: string): Promise<boolean> {
    const { services } = this
    const link = await deviceSessions.findDeviceSession(services.db, sessionId)
    if (link === null || link.device_id !== deviceId) return false
    const device = await store.findDevice(services.db, link.tenant_id, deviceId)
    if (device === null || device.revoked_at !== null) return false
    const agentToken = randomBytes(AGENT_TOKEN_BYTES).toString('base64url')
    const tokenMs = this.options.agentTokenSeconds * 1000
    const expiresAt = new Date(services.clock.now().getTime() + tokenMs).toISOString()
    const renewed = await deviceSessions.renewAgentToken(
      services.db,
      sessionId,
      hashAgentToken(agentToken),
      expiresAt,
    )
    if (!renewed) return false
    const operatorName = (await deviceSessions.operatorNameOf(services.db, sessionId)) ?? '—'
    return this.hub.send(deviceId, {
      type: 'connect-request',
      sessionId,
      agentToken,
      operatorName,
      policy: await this.policyOf(device),
      resume: true,
    })
  }

  /**
   * A device came (back) online: every session it had accepted that is still on gets a fresh
   * token, so a session survives the computer restarting or the service being restarted.
   */
  async resumeAll(deviceId: string): Promise<void> {
    for (const sessionId of await deviceSessions.activeSessionIdsOf(this.services.db, deviceId)) {
      await this.resume(deviceId, sessionId)
    }
  }

  /** The device answered `connect-refused`: its session ends and the viewer says why. */
  async refused(deviceId: string, message: ConnectRefused): Promise<void> {
    const link = await deviceSessions.findDeviceSession(this.services.db, message.sessionId)
    // Only the device a session went to may refuse it.
    if (link === null || link.device_id !== deviceId) return
    const declined = message.reason === 'refused-by-policy'
    await this.endSession(
      message.sessionId,
      REFUSAL_REASONS[message.reason],
      declined ? SessionOutcome.Declined : SessionOutcome.NotConnected,
    )
  }

  /** A device was revoked (by an admin or by itself): its socket and sessions end at once. */
  async revoked(deviceId: string): Promise<void> {
    this.hub.revoke(deviceId)
    const live = await deviceSessions.liveSessionIdsOf(this.services.db, deviceId)
    for (const sessionId of live) {
      await this.endSession(sessionId, SessionEndReason.DeviceRevoked, SessionOutcome.Failed)
    }
  }

  /** Tells the tenant's connected devices (or the one `deviceId`) their effective policy. */
  async pushPolicies(tenantId: string, deviceId: string | null = null): Promise<void> {
    const links = this.hub
      .linksOf(tenantId)
      .filter((link) => deviceId === null || link.deviceId === deviceId)
    for (const link of links) {
      const device = await store.findDevice(this.services.db, tenantId, link.deviceId)
      if (device === null || device.revoked_at !== null) continue
      link.send({ type: 'policy-changed', policy: await this.policyOf(device) })
    }
  }

  /** The effective policy of a device (the stricter of its own and its tenant's). */
  async policyOf(device: store.DeviceRow): Promise<AccessPolicy> {
    return effectivePolicy(
      await tenantPolicy(this.services, device.tenant_id),
      policyFromColumns(device.policy_mode, device.policy_ask_seconds),
    )
  }

  /** Stops the pending token timers (the app closes). */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  /** Ends a session everywhere: in the relay (the viewer is told) and in the history. */
  async endSession(
    sessionId: string,
    reason: SessionEndReason,
    outcome: SessionOutcome,
  ): Promise<void> {
    this.relay?.endHere(sessionId, reason)
    const row = await deviceSessions.findSupportSession(this.services.db, sessionId)
    if (row === null || (row.state !== 'connecting' && row.state !== 'active')) return
    try {
      await markEnded(this.services, sessionId, outcome)
    } catch (error) {
      // The relay's own end got there first.
      if (!(error instanceof SessionTransitionError)) throw error
    }
  }

  /** A device that never opens its agent socket with the token: the session is given up. */
  private giveUpUnlessJoined(sessionId: string, tokenMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      void this.giveUp(sessionId).catch(() => undefined)
    }, tokenMs + 1000)
    timer.unref()
    this.timers.add(timer)
  }

  private async giveUp(sessionId: string): Promise<void> {
    const link = await deviceSessions.findDeviceSession(this.services.db, sessionId)
    if (link === null || link.token_used_at !== null) return
    await this.endSession(sessionId, SessionEndReason.Error, SessionOutcome.NotConnected)
  }
}
