/** Access policies in words and as form values, and the strictness order the server enforces. */
import type { MessageKey, Params } from '../../../shared/i18n'
import {
  type AccessPolicy,
  ASK_SECONDS_MAX,
  ASK_SECONDS_MIN,
  type PolicyMode,
} from './device-types'

export const POLICY_MODES: readonly PolicyMode[] = ['connect', 'ask-then-connect', 'always-ask']

export function describePolicy(policy: AccessPolicy): { key: MessageKey; params?: Params } {
  switch (policy.mode) {
    case 'connect':
      return { key: 'policy.connect' }
    case 'ask-then-connect':
      return { key: 'policy.askThenConnect', params: { seconds: policy.askSeconds } }
    case 'always-ask':
      return { key: 'policy.alwaysAsk' }
  }
}

/** A policy from the form's mode and seconds text; null when the seconds are not 5–300. */
export function policyFromForm(mode: PolicyMode, seconds: string): AccessPolicy | null {
  if (mode !== 'ask-then-connect') return { mode }
  const value = /^\d{1,3}$/.test(seconds.trim()) ? Number(seconds.trim()) : NaN
  return value >= ASK_SECONDS_MIN && value <= ASK_SECONDS_MAX ? { mode, askSeconds: value } : null
}

const RANK: Readonly<Record<PolicyMode, number>> = {
  connect: 0,
  'ask-then-connect': 1,
  'always-ask': 2,
}

/** Is `a` at least as strict as `b`? (A longer wait before connecting is stricter.) */
export function isAtLeastAsStrict(a: AccessPolicy, b: AccessPolicy): boolean {
  if (RANK[a.mode] !== RANK[b.mode]) return RANK[a.mode] > RANK[b.mode]
  if (a.mode === 'ask-then-connect' && b.mode === 'ask-then-connect') {
    return a.askSeconds >= b.askSeconds
  }
  return true
}
