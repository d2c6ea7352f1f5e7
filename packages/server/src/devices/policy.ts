/**
 * Unattended-access policy (DESIGN.md S9): connect without asking, ask and connect if nobody
 * answers within N seconds, or always ask. A device's own policy may only be stricter than
 * its tenant's; the stricter of the two is what applies.
 */
import type { DevicePolicyMode } from '../store/schema.js'

export type { DevicePolicyMode }

export const ASK_SECONDS_MIN = 5
export const ASK_SECONDS_MAX = 300

export type AccessPolicy =
  | { readonly mode: 'connect' }
  | { readonly mode: 'ask-then-connect'; readonly askSeconds: number }
  | { readonly mode: 'always-ask' }

/** Until an admin chooses, nobody is connected without the customer saying yes. */
export const DEFAULT_ACCESS_POLICY: AccessPolicy = { mode: 'always-ask' }

const RANK: Readonly<Record<DevicePolicyMode, number>> = {
  connect: 0,
  'ask-then-connect': 1,
  'always-ask': 2,
}

/**
 * Negative when `a` is laxer than `b`, 0 when equal, positive when stricter. Between two
 * ask-then-connect policies, the longer wait for an answer is the stricter one.
 */
export function compareStrictness(a: AccessPolicy, b: AccessPolicy): number {
  const byMode = RANK[a.mode] - RANK[b.mode]
  if (byMode !== 0) return byMode
  if (a.mode === 'ask-then-connect' && b.mode === 'ask-then-connect') {
    return a.askSeconds - b.askSeconds
  }
  return 0
}

/** The policy that applies to a device: its own when set (never laxer), else the tenant's. */
export function effectivePolicy(tenant: AccessPolicy, device: AccessPolicy | null): AccessPolicy {
  if (device === null) return tenant
  return compareStrictness(device, tenant) >= 0 ? device : tenant
}

/** A policy from its stored columns; an unreadable row falls back to the strictest. */
export function policyFromColumns(
  mode: DevicePolicyMode | null,
  askSeconds: number | null,
): AccessPolicy | null {
  switch (mode) {
    case null:
      return null
    case 'connect':
      return { mode }
    case 'always-ask':
      return { mode }
    case 'ask-then-connect':
      return askSeconds !== null && askSeconds >= ASK_SECONDS_MIN && askSeconds <= ASK_SECONDS_MAX
        ? { mode, askSeconds }
        : { mode: 'always-ask' }
  }
}

export function policyToColumns(policy: AccessPolicy | null): {
  policy_mode: DevicePolicyMode | null
  policy_ask_seconds: number | null
} {
  if (policy === null) return { policy_mode: null, policy_ask_seconds: null }
  return {
    policy_mode: policy.mode,
    policy_ask_seconds: policy.mode === 'ask-then-connect' ? policy.askSeconds : null,
  }
}
