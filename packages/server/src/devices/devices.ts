/**
 * The device registry (docs/devices.md): operators list the tenant's installed agents with
 * their online state; admins rename, group, tighten the access policy and revoke them. The
 * agent proves who it is with its id and secret on every heartbeat.
 */
import { AuditKind } from '../audit/audit.js'
import type { Principal } from '../http/principal.js'
import type { Services } from '../services.js'
import type { DeviceHub } from './device-hub.js'
import { type DeviceCredential, hashSecret, secretMatches } from './credentials.js'
import {
  type AccessPolicy,
  compareStrictness,
  DEFAULT_ACCESS_POLICY,
  effectivePolicy,
  policyFromColumns,
  policyToColumns,
} from './policy.js'
import type { DevicePatchInput, DeviceView, HeartbeatInput } from './schemas.js'
import { DEFAULT_DEVICE_ONLINE_SECONDS, deviceStatus, onlineSince } from './status.js'
import { markDeviceLeft } from './session-store.js'
import * as store from './store.js'

export function onlineSecondsOf(services: Pick<Services, 'config'>): number {
  return services.config.deviceOnlineSeconds ?? DEFAULT_DEVICE_ONLINE_SECONDS
}

export function toDeviceView(
  row: store.DeviceRow,
  tenantPolicy: AccessPolicy,
  now: Date,
  onlineSeconds: number,
  socketOpen = false,
): DeviceView {
  const override = policyFromColumns(row.policy_mode, row.policy_ask_seconds)
  return {
    id: row.id,
    name: row.name,
    group: row.group_name,
    os: { platform: row.os_platform, release: row.os_release, arch: row.os_arch },
    agentVersion: row.agent_version,
    status: deviceStatus(row, now, onlineSeconds, socketOpen),
    lastSeenAt: row.last_seen_at,
    enrolledAt: row.enrolled_at,
    revokedAt: row.revoked_at,
    policyOverride: override,
    effectivePolicy: effectivePolicy(tenantPolicy, override),
  }
}

export async function tenantPolicy(
  services: Pick<Services, 'db'>,
  tenantId: string,
): Promise<AccessPolicy> {
  const row = await store.findDeviceSettings(services.db, tenantId)
  if (row === null) return DEFAULT_ACCESS_POLICY
  return policyFromColumns(row.policy_mode, row.policy_ask_seconds) ?? DEFAULT_ACCESS_POLICY
}

export async function setTenantPolicy(
  services: Services,
  principal: Principal,
  policy: AccessPolicy,
  ip: string,
): Promise<AccessPolicy> {
  const columns = policyToColumns(policy)
  await store.saveDeviceSettings(services.db, {
    tenant_id: principal.tenantId,
    policy_mode: policy.mode,
    policy_ask_seconds: columns.policy_ask_seconds,
    updated_at: services.clock.now().toISOString(),
  })
  await services.audit.record({
    tenantId: principal.tenantId,
    kind: AuditKind.DevicePolicyChanged,
    ip,
    operatorId: principal.operatorId,
    detail: { mode: policy.mode, askSeconds: columns.policy_ask_seconds },
  })
  return policy
}

export interface DeviceListFilter {
  readonly group: string | null
  readonly status: 'online' | 'offline' | 'revoked' | null
}

/** The tenant's devices; online means an open device socket or a recent heartbeat. */
export async function listDevices(
  services: Services,
  hub: Pick<DeviceHub, 'isOnline'>,
  tenantId: string,
  filter: DeviceListFilter,
): Promise<{ devices: DeviceView[]; groups: string[]; policy: AccessPolicy }> {
  const now = services.clock.now()
  const seconds = onlineSecondsOf(services)
  const policy = await tenantPolicy(services, tenantId)
  // Online and offline are decided here (the socket is not in the store): fetch the live ones.
  const live = filter.status === 'online' || filter.status === 'offline'
  const rows = await store.listDevices(services.db, tenantId, {
    group: filter.group,
    status: live ? null : filter.status,
    onlineSince: onlineSince(now, seconds),
  })
  const views = rows.map((row) => toDeviceView(row, policy, now, seconds, hub.isOnline(row.id)))
  return {
    devices: live ? views.filter((view) => view.status === filter.status) : views,
    groups: await store.listGroupNames(services.db, tenantId),
    policy,
  }
}

export type UpdateResult =
  | { readonly ok: true; readonly device: DeviceView }
  | { readonly ok: false; readonly reason: 'not-found' | 'revoked' | 'policy-too-lax' }

/** Renames, regroups or sets the device's own policy, which may not be laxer than the tenant's. */
export async function updateDevice(
  services: Services,
  principal: Principal,
  id: string,
  input: DevicePatchInput,
  ip: string,
): Promise<UpdateResult> {
  const existing = await store.findDevice(services.db, principal.tenantId, id)
  if (existing === null) return { ok: false, reason: 'not-found' }
  if (existing.revoked_at !== null) return { ok: false, reason: 'revoked' }
  const policy = await tenantPolicy(services, principal.tenantId)
  const patch: store.DevicePatch = {}
  if (input.name !== undefined) patch.name = input.name.trim()
  if (input.group !== undefined) patch.group_name = input.group?.trim() ?? null
  if (input.policyOverride !== undefined) {
    if (input.policyOverride !== null && compareStrictness(input.policyOverride, policy) < 0) {
      return { ok: false, reason: 'policy-too-lax' }
    }
    Object.assign(patch, policyToColumns(input.policyOverride))
  }
  if (!(await store.updateDevice(services.db, principal.tenantId, id, patch))) {
    return { ok: false, reason: 'revoked' }
  }
  await services.audit.record({
    tenantId: principal.tenantId,
    kind: AuditKind.DeviceChanged,
    ip,
    operatorId: principal.operatorId,
    detail: { deviceId: id, fields: Object.keys(input).sort().join(',') },
  })
  const updated = await store.findDevice(services.db, principal.tenantId, id)
  if (updated === null) return { ok: false, reason: 'not-found' }
  return {
    ok: true,
    device: toDeviceView(updated, policy, services.clock.now(), onlineSecondsOf(services)),
  }
}

/**
 * Revokes a device at once: its heartbeats and hellos are refused from now on (the route then
 * closes its socket and ends its sessions, unattended.ts). False: no such device.
 */
export async function revokeDevice(
  services: Services,
  principal: Principal,
  id: string,
  ip: string,
): Promise<boolean> {
  const existing = await store.findDevice(services.db, principal.tenantId, id)
  if (existing === null) return false
  const at = services.clock.now().toISOString()
  if (await store.revokeDevice(services.db, principal.tenantId, id, at)) {
    await services.audit.record({
      tenantId: principal.tenantId,
      kind: AuditKind.DeviceRevoked,
      ip,
      operatorId: principal.operatorId,
      detail: { deviceId: id },
    })
  }
  return true
}

export type DeviceCheck =
  | { readonly ok: true; readonly device: store.DeviceRow }
  | { readonly ok: false; readonly reason: 'unknown-device' | 'revoked-device' }

/** A dummy hash compared when the id is unknown, so both answers take as long. */
const NO_DEVICE_HASH = hashSecret('no device')

/** Checks a device's credential (constant-time); a revoked device is refused. */
export async function checkDeviceCredential(
  services: Pick<Services, 'db'>,
  credential: DeviceCredential,
): Promise<DeviceCheck> {
  const row = await store.findDeviceById(services.db, credential.deviceId)
  const matches = secretMatches(credential.secret, row?.secret_hash ?? NO_DEVICE_HASH)
  if (row === null || !matches) return { ok: false, reason: 'unknown-device' }
  if (row.revoked_at !== null) return { ok: false, reason: 'revoked-device' }
  return { ok: true, device: row }
}

export type HeartbeatResult =
  | { readonly ok: true; readonly deviceId: string; readonly policy: AccessPolicy }
  | { readonly ok: false; readonly reason: 'unknown-device' | 'revoked-device' }

/** The agent says it is alive: last seen, address and what it runs on are recorded. */
export async function heartbeat(
  services: Services,
  credential: DeviceCredential,
  input: HeartbeatInput,
  ip: string,
): Promise<HeartbeatResult> {
  const check = await checkDeviceCredential(services, credential)
  if (!check.ok) return check
  const touched = await store.touchDevice(services.db, check.device.id, {
    last_seen_at: services.clock.now().toISOString(),
    last_ip: ip,
    ...(input.os === undefined
      ? {}
      : {
          os_platform: input.os.platform,
          os_release: input.os.release.trim(),
          os_arch: input.os.arch,
        }),
    ...(input.agentVersion === undefined ? {} : { agent_version: input.agentVersion }),
  })
  if (!touched) return { ok: false, reason: 'revoked-device' }
  const policy = effectivePolicy(
    await tenantPolicy(services, check.device.tenant_id),
    policyFromColumns(check.device.policy_mode, check.device.policy_ask_seconds),
  )
  return { ok: true, deviceId: check.device.id, policy }
}

/**
 * The agent removes itself (`agent uninstall`): the device is revoked and marked as having
 * left, audited without an operator.
 */
export async function leave(
  services: Services,
  credential: DeviceCredential,
  ip: string,
): Promise<
  { readonly ok: true; readonly deviceId: string } | (DeviceCheck & { readonly ok: false })
> {
  const check = await checkDeviceCredential(services, credential)
  if (!check.ok) return check
  const at = services.clock.now().toISOString()
  if (!(await markDeviceLeft(services.db, check.device.id, at))) {
    return { ok: false, reason: 'revoked-device' }
  }
  await services.audit.record({
    tenantId: check.device.tenant_id,
    kind: AuditKind.DeviceLeft,
    ip,
    detail: { deviceId: check.device.id },
  })
  return { ok: true, deviceId: check.device.id }
}
