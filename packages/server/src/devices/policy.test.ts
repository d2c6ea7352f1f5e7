import { describe, expect, it } from 'vitest'

import {
  type AccessPolicy,
  compareStrictness,
  effectivePolicy,
  policyFromColumns,
  policyToColumns,
} from './policy.js'

const connect: AccessPolicy = { mode: 'connect' }
const ask10: AccessPolicy = { mode: 'ask-then-connect', askSeconds: 10 }
const ask60: AccessPolicy = { mode: 'ask-then-connect', askSeconds: 60 }
const always: AccessPolicy = { mode: 'always-ask' }

describe('access policy strictness', () => {
  it('orders connect < ask-then-connect < always-ask, a longer wait being stricter', () => {
    const ordered = [connect, ask10, ask60, always]
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const a = ordered[i] as AccessPolicy
        const b = ordered[j] as AccessPolicy
        expect(Math.sign(compareStrictness(a, b)), `${i} vs ${j}`).toBe(Math.sign(i - j))
      }
    }
  })

  it('applies the stricter of tenant and device, the tenant when the device has none', () => {
    expect(effectivePolicy(ask10, null)).toEqual(ask10)
    expect(effectivePolicy(ask10, always)).toEqual(always)
    expect(effectivePolicy(ask10, ask60)).toEqual(ask60)
    // A device policy that became laxer when the tenant tightened its own never loosens it.
    expect(effectivePolicy(always, connect)).toEqual(always)
    expect(effectivePolicy(ask60, ask10)).toEqual(ask60)
  })

  it('round-trips through the stored columns; an unreadable row is the strictest', () => {
    for (const policy of [connect, ask10, always]) {
      const columns = policyToColumns(policy)
      expect(policyFromColumns(columns.policy_mode, columns.policy_ask_seconds)).toEqual(policy)
    }
    expect(policyToColumns(null)).toEqual({ policy_mode: null, policy_ask_seconds: null })
    expect(policyFromColumns(null, null)).toBeNull()
    expect(policyFromColumns('ask-then-connect', null)).toEqual(always)
    expect(policyFromColumns('ask-then-connect', 3)).toEqual(always)
  })
})
