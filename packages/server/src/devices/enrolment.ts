/**
 * An installed agent enrols with a single-use token (docs/devices.md): the token's tenant
 * and group become the device's, and the device gets an id and a secret of its own (only
 * the secret's SHA-256 is stored). Every refusal is counted, audited and says why, without
 * telling anything about a tenant.
 */
import { randomUUID } from 'node:crypto'

import { AuditKind } from '../audit/audit.js'
import { ipRateKey } from '../limits/ip-key.js'
import type { Services } from '../services.js'
import { hashSecret, isEnrolmentTokenShape, newDeviceSecret } from './credentials.js'
import type { EnrolGuard } from './enrol-guard.js'
import type { EnrolInput } from './schemas.js'
import * as store from './store.js'

type Deps = Pick<Services, 'db' | 'clock' | 'audit'>

export type EnrolRefusal = 'unknown-token' | 'expired-token' | 'revoked-token' | 'used-token'

export type EnrolResult =
  | { readonly ok: true; readonly deviceId: string; readonly deviceSecret: string }
  | { readonly ok: false; readonly refusal: EnrolRefusal; readonly lockedOut: boolean }
  | { readonly ok: false; readonly refusal: 'rate-limited'; readonly retryAfterMs: number }

export async function enrol(
  deps: Deps,
  guard: EnrolGuard,
  input: EnrolInput,
  ip: string,
): Promise<EnrolResult> {
  const addressKey = ipRateKey(ip)
  const admitted = guard.admit(addressKey)
  if (!admitted.allowed) return { ok: false, refusal: 'rate-limited', ...admitted }

  const refuse = async (refusal: EnrolRefusal, tenantId: string | null): Promise<EnrolResult> => {
    const lockedOut = guard.recordFailure(addressKey)
    await deps.audit.record({
      tenantId,
      kind: AuditKind.DeviceEnrolFailed,
      ip,
      detail: { reason: refusal },
    })
    return { ok: false, refusal, lockedOut }
  }

  const token = isEnrolmentTokenShape(input.token)
    ? await store.findEnrolmentTokenByHash(deps.db, hashSecret(input.token))
    : null
  if (token === null) return refuse('unknown-token', null)
  const now = deps.clock.now()
  const early = refusalOf(token, now)
  if (early !== null) return refuse(early, token.tenant_id)

  const deviceSecret = newDeviceSecret()
  const device: store.DeviceRow = {
    id: randomUUID(),
    tenant_id: token.tenant_id,
    name: input.name.trim(),
    group_name: token.group_name,
    os_platform: input.os.platform,
    os_release: input.os.release.trim(),
    os_arch: input.os.arch,
    agent_version: input.agentVersion,
    secret_hash: hashSecret(deviceSecret),
    enrolment_token_id: token.id,
    enrolled_at: now.toISOString(),
    enrolled_ip: ip,
    last_seen_at: now.toISOString(),
    last_ip: ip,
    policy_mode: null,
    policy_ask_seconds: null,
    revoked_at: null,
    left_at: null,
  }
  if (!(await store.enrolDevice(deps.db, token.id, device, now.toISOString()))) {
    // Another enrolment used it (or it was revoked) between the look-up and the claim.
    const again = await store.findEnrolmentTokenByHash(deps.db, token.token_hash)
    return refuse((again === null ? null : refusalOf(again, now)) ?? 'used-token', token.tenant_id)
  }
  await deps.audit.record({
    tenantId: token.tenant_id,
    kind: AuditKind.DeviceEnrolled,
    ip,
    detail: { deviceId: device.id, enrolmentTokenId: token.id },
  })
  return { ok: true, deviceId: device.id, deviceSecret }
}

function refusalOf(token: store.EnrolmentTokenRow, now: Date): EnrolRefusal | null {
  if (token.used_at !== null) return 'used-token'
  if (token.revoked_at !== null) return 'revoked-token'
  if (Date.parse(token.expires_at) <= now.getTime()) return 'expired-token'
  return null
}
