/**
 * Customer redemption of a session number (DESIGN.md lifecycle step 2). Limits are checked
 * before anything is looked up; every failure is counted, audited (without the number) and
 * answered with a reason that says nothing about other tenants.
 */
import { createHash, randomBytes } from 'node:crypto'

import { normaliseSessionCode, type SessionCodeProblem } from '@tasuke/protocol'

import { AuditKind } from '../audit/audit.js'
import { ipRateKey } from '../limits/ip-key.js'
import type { Services } from '../services.js'
import type { SessionState } from '../store/schema.js'
import type { RedeemGuard } from './redeem-guard.js'
import { SessionTransitionError } from './session-state.js'
import { applyEvent, settleExpiry } from './sessions.js'
import * as store from './store.js'

type Deps = Pick<Services, 'db' | 'clock' | 'audit' | 'metrics'>

export interface RedeemInput {
  readonly code: string
  readonly tenantSlug: string | null
  readonly ip: string
}

export interface Redemption {
  readonly sessionId: string
  readonly agentToken: string
  readonly tenant: { readonly name: string; readonly slug: string }
  readonly operator: { readonly displayName: string }
  readonly expiresAt: string
}

export type RefusedCode =
  | { readonly kind: 'invalid-code'; readonly reason: SessionCodeProblem }
  | { readonly kind: 'unknown-code' | 'expired-code' | 'cancelled-code' | 'used-code' }

export type RedeemFailure =
  | RefusedCode
  | {
      readonly kind: 'rate-limited'
      readonly scope: 'address' | 'number'
      readonly retryAfterMs: number
    }

export type RedeemResult =
  | { readonly ok: true; readonly redemption: Redemption }
  | {
      readonly ok: false
      readonly failure: RedeemFailure
      /** This failure started a lockout: worth a warning in the log (bursts). */
      readonly lockedOut: ReadonlyArray<'address' | 'number'>
    }

export const AGENT_TOKEN_BYTES = 32

export function hashAgentToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export async function redeem(
  deps: Deps,
  guard: RedeemGuard,
  input: RedeemInput,
): Promise<RedeemResult> {
  const addressKey = ipRateKey(input.ip)
  const admitted = guard.admitAddress(addressKey)
  if (!admitted.allowed) return rateLimited(deps, admitted)

  const fail = (failure: RefusedCode, tenantId: string | null, code: string | null) =>
    recordFailure(deps, guard, { addressKey, code, tenantId, ip: input.ip, failure })
  const findTenant = async () =>
    input.tenantSlug === null ? null : await store.findTenantBySlug(deps.db, input.tenantSlug)

  const parsed = normaliseSessionCode(input.code)
  if (!parsed.ok) {
    const tenant = await findTenant()
    return fail({ kind: 'invalid-code', reason: parsed.reason }, tenant?.id ?? null, null)
  }
  const { code } = parsed
  const numberVerdict = guard.admitNumber(code)
  if (!numberVerdict.allowed) return rateLimited(deps, numberVerdict)

  // A slug no tenant has: the number is unknown there, whoever holds it.
  const tenant = await findTenant()
  if (tenant === undefined) return fail({ kind: 'unknown-code' }, null, code)
  const found = await store.findNewestByCode(deps.db, code, tenant?.id ?? null)
  if (found === undefined) return fail({ kind: 'unknown-code' }, tenant?.id ?? null, code)

  const row = await settleExpiry(deps, found)
  const refused = refusalFor(row.state)
  if (refused !== null) return fail({ kind: refused }, row.tenant_id, code)

  const agentToken = randomBytes(AGENT_TOKEN_BYTES).toString('base64url')
  try {
    await applyEvent(deps, row, 'redeem', {
      redeemed_at: deps.clock.now().toISOString(),
      customer_ip: input.ip,
      agent_token_hash: hashAgentToken(agentToken),
    })
  } catch (error) {
    // Someone else redeemed or cancelled it a moment ago.
    if (!(error instanceof SessionTransitionError)) throw error
    return fail({ kind: refusalFor(error.from) ?? 'used-code' }, row.tenant_id, code)
  }
  const names = await store.findTenantAndOperator(deps.db, row.tenant_id, row.operator_id)
  deps.metrics.redeemAttempts.inc({ result: 'success' })
  return {
    ok: true,
    redemption: {
      sessionId: row.id,
      agentToken,
      tenant: { name: names?.tenantName ?? '', slug: names?.tenantSlug ?? '' },
      operator: { displayName: names?.operatorName ?? '' },
      expiresAt: row.expires_at,
    },
  }
}

function refusalFor(state: SessionState): 'expired-code' | 'cancelled-code' | 'used-code' | null {
  switch (state) {
    case 'waiting':
      return null
    case 'expired':
      return 'expired-code'
    case 'cancelled':
      return 'cancelled-code'
    case 'connecting':
    case 'active':
    case 'ended':
      return 'used-code'
  }
}

function rateLimited(
  deps: Deps,
  verdict: { scope: 'address' | 'number'; retryAfterMs: number },
): RedeemResult {
  deps.metrics.redeemAttempts.inc({ result: 'rate-limited' })
  return {
    ok: false,
    failure: { kind: 'rate-limited', scope: verdict.scope, retryAfterMs: verdict.retryAfterMs },
    lockedOut: [],
  }
}

async function recordFailure(
  deps: Deps,
  guard: RedeemGuard,
  attempt: {
    addressKey: string
    code: string | null
    tenantId: string | null
    ip: string
    failure: RefusedCode
  },
): Promise<RedeemResult> {
  const { failure, tenantId, ip } = attempt
  deps.metrics.redeemAttempts.inc({ result: failure.kind })
  const effect = guard.recordFailure(attempt.addressKey, attempt.code)
  // The detail names the reason only: never the number, never another tenant.
  await deps.audit.record({
    tenantId,
    kind: AuditKind.RedeemFailed,
    ip,
    detail:
      failure.kind === 'invalid-code'
        ? { reason: failure.kind, problem: failure.reason }
        : { reason: failure.kind },
  })
  const lockedOut: Array<'address' | 'number'> = []
  if (effect.addressLockedOut) lockedOut.push('address')
  if (effect.numberLockedOut) lockedOut.push('number')
  for (const scope of lockedOut) {
    await deps.audit.record({ tenantId, kind: AuditKind.RedeemLockedOut, ip, detail: { scope } })
  }
  return { ok: false, failure, lockedOut }
}
