import { describe, expect, it } from 'vitest'

import { describePolicy, isAtLeastAsStrict, policyFromForm } from './policy-text'

describe('access policy in the console', () => {
  it('reads the form: seconds only for ask-then-connect, 5 to 300 whole seconds', () => {
    expect(policyFromForm('connect', 'x')).toEqual({ mode: 'connect' })
    expect(policyFromForm('always-ask', '')).toEqual({ mode: 'always-ask' })
    expect(policyFromForm('ask-then-connect', ' 30 ')).toEqual({
      mode: 'ask-then-connect',
      askSeconds: 30,
    })
    for (const bad of ['', '4', '301', '1.5', '-5', 'abc', '1e2']) {
      expect(policyFromForm('ask-then-connect', bad), bad).toBeNull()
    }
  })

  it('orders policies as the server does', () => {
    const ask30 = { mode: 'ask-then-connect', askSeconds: 30 } as const
    expect(isAtLeastAsStrict({ mode: 'always-ask' }, ask30)).toBe(true)
    expect(isAtLeastAsStrict({ mode: 'connect' }, ask30)).toBe(false)
    expect(isAtLeastAsStrict({ mode: 'ask-then-connect', askSeconds: 60 }, ask30)).toBe(true)
    expect(isAtLeastAsStrict({ mode: 'ask-then-connect', askSeconds: 10 }, ask30)).toBe(false)
    expect(isAtLeastAsStrict(ask30, ask30)).toBe(true)
  })

  it('names each policy', () => {
    expect(describePolicy({ mode: 'ask-then-connect', askSeconds: 45 })).toEqual({
      key: 'policy.askThenConnect',
      params: { seconds: 45 },
    })
    expect(describePolicy({ mode: 'connect' }).key).toBe('policy.connect')
  })
})
