/**
 * The customer entry page's rules (DESIGN.md S3): check a number against one tenant without
 * using it up (the agent redeems it when it runs), hand out a random status handle, and say
 * where the session stands. The limits are those of POST /redeem, through the same
 * RedeemGuard, so the two routes together cannot try more numbers than one of them.
 */
import { createHash, randomBytes } from 'node:crypto'

import { normaliseSessionCode, type SessionCodeProblem } from '@tasuke/protocol'

import { AuditKind } from '../audit/audit.js'
import { ipRateKey } from '../limits/ip-key.js'
import type { Services } from '../services.js'
import type { SessionState } from '../store/schema.js'
import type { GuardVerdict, RedeemGuard } from '../sessions/redeem-guard.js'
import { settleExpiry } from '../sessions/sessions.js'
import * as store from './store.js'

type Deps = Pick<Services, 'db' | 'clock' | 'audit'>

/** How long a status handle answers: long enough for the session it follows. */
export const STATUS_HANDLE_LIFETIME_MS = 24 * 3600_000
const HANDLE_BYTES = 32
/** base64url of HANDLE_BYTES random bytes. */
export const STATUS_HANDLE_PATTERN = /^[A-Za-z0-9_-]{43}$/

export type EntryTenant = store.EntryTenantRow

export type CheckFailure =
  | { readonly kind: 'invalid-code'; readonly reason: SessionCodeProblem }
  | { readonly kind: 'unknown-code' | 'expired-code' | 'used-code' }
  | {
      readonly kind: 'rate-limited'
      readonly scope: 'address' | 'number'
      readonly retryAfterMs: number
    }

export type CheckResult =
  | {
      readonly ok: true
      readonly code: string
      readonly handle: string
      readonly expiresAt: string
    }
  | {
      readonly ok: false
      readonly failure: CheckFailure
      /** This failure started a lockout (worth a warning in the log, without the number). */
      readonly lockedOut: ReadonlyArray<'address' | 'number'>
    }

export async function findEntryTenant(deps: Deps, slug: string): Promise<EntryTenant | null> {
  return (await store.findTenantBySlug(deps.db, slug)) ?? null
}

/** Checks `typed` against `tenant`'s numbers; never redeems. */
export async function checkNumber(
  deps: Deps,
  guard: RedeemGuard,
  input: { readonly tenant: EntryTenant; readonly typed: string; readonly ip: string },
): Promise<CheckResult> {
  const { tenant, ip } = input
  const addressKey = ipRateKey(ip)
  const admitted = guard.admitAddress(addressKey)
  if (!admitted.allowed) return rateLimited(admitted)

  const refuse = async (failure: CheckFailure, code: string | null): Promise<CheckResult> => {
    const effect = guard.recordFailure(addressKey, code)
    // The detail names the reason only: never the number.
    await deps.audit.record({
      tenantId: tenant.id,
      kind: AuditKind.RedeemFailed,
      ip,
      detail:
        failure.kind === 'invalid-code'
          ? { reason: failure.kind, problem: failure.reason, via: 'entry-page' }
          : { reason: failure.kind, via: 'entry-page' },
    })
    const lockedOut: Array<'address' | 'number'> = []
    if (effect.addressLockedOut) lockedOut.push('address')
    if (effect.numberLockedOut) lockedOut.push('number')
    for (const scope of lockedOut) {
      await deps.audit.record({
        tenantId: tenant.id,
        kind: AuditKind.RedeemLockedOut,
        ip,
        detail: { scope },
      })
    }
    return { ok: false, failure, lockedOut }
  }

  const parsed = normaliseSessionCode(input.typed)
  if (!parsed.ok) return refuse({ kind: 'invalid-code', reason: parsed.reason }, null)
  const { code } = parsed
  const numberVerdict = guard.admitNumber(code)
  if (!numberVerdict.allowed) return rateLimited(numberVerdict)

  const found = await store.findNewestInTenant(deps.db, tenant.id, code)
  if (found === undefined) return refuse({ kind: 'unknown-code' }, code)
  const row = await settleExpiry(deps, found)
  const refusal = refusalFor(row.state)
  if (refusal !== null) return refuse({ kind: refusal }, code)

  const handle = randomBytes(HANDLE_BYTES).toString('base64url')
  const now = deps.clock.now()
  await store.insertStatusHandle(deps.db, {
    handle_hash: hashStatusHandle(handle),
    session_id: row.id,
    tenant_id: tenant.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + STATUS_HANDLE_LIFETIME_MS).toISOString(),
  })
  return { ok: true, code, handle, expiresAt: row.expires_at }
}

/** Where the session stands, in the customer's terms. */
export type EntryStatus = 'waiting-for-program' | 'waiting-for-consent' | 'connected' | 'ended'

export interface StatusView {
  readonly status: EntryStatus
  /** For `ended`: how (declined = the customer, cancelled = the operator withdrew it, …). */
  readonly outcome: string | null
  readonly code: string
  readonly tenantSlug: string
  /** When an unused number runs out. */
  readonly expiresAt: string
  readonly endedAt: string | null
}

/** The session `handle` follows, or null for a malformed, unknown or expired handle. */
export async function statusOf(deps: Deps, handle: string): Promise<StatusView | null> {
  if (!STATUS_HANDLE_PATTERN.test(handle)) return null
  const found = await store.findByHandleHash(deps.db, hashStatusHandle(handle))
  if (found === undefined) return null
  if (found.handle_expires_at <= deps.clock.now().toISOString()) return null
  let { state, outcome, ended_at: endedAt } = found
  if (state === 'waiting') {
    const row = await store.findSessionById(deps.db, found.session_id)
    if (row !== undefined) {
      const settled = await settleExpiry(deps, row)
      ;({ state, outcome, ended_at: endedAt } = settled)
    }
  }
  return {
    status: entryStatusOf(state),
    outcome: entryStatusOf(state) === 'ended' ? outcome : null,
    code: found.code,
    tenantSlug: found.tenant_slug,
    expiresAt: found.expires_at,
    endedAt,
  }
}

export function entryStatusOf(state: SessionState): EntryStatus {
  switch (state) {
    case 'waiting':
      return 'waiting-for-program'
    case 'connecting':
      return 'waiting-for-consent'
    case 'active':
      return 'connected'
    case 'ended':
    case 'expired':
    case 'cancelled':
      return 'ended'
  }
}

export function hashStatusHandle(handle: string): string {
  return createHash('sha256').update(handle).digest('hex')
}

function refusalFor(state: SessionState): 'expired-code' | 'used-code' | null {
  switch (state) {
    case 'waiting':
      return null
    // A withdrawn number reads like an expired one to the customer.
    case 'expired':
    case 'cancelled':
      return 'expired-code'
    case 'connecting':
    case 'active':
    case 'ended':
      return 'used-code'
  }
}

function rateLimited(verdict: GuardVerdict & { allowed: false }): CheckResult {
  return {
    ok: false,
    failure: { kind: 'rate-limited', scope: verdict.scope, retryAfterMs: verdict.retryAfterMs },
    lockedOut: [],
  }
}
