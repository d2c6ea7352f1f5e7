import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { ConsentView, CustomerAction } from '../consent-ui/index.js'
import { fakeUi } from '../session/test-support/fakes.js'
import { ALWAYS_ASK_SECONDS, policyConsent } from './policy-consent.js'

const ASK: ConsentView = {
  type: 'ask-consent',
  companyName: 'Example Support',
  companyDomain: null,
  operatorName: 'Olga',
  shares: ['screen', 'control'],
  verificationCode: null,
}

describe('policyConsent', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const start = (policy: Parameters<typeof policyConsent>[1]['policy']) => {
    const window = fakeUi()
    const ui = policyConsent(window, { policy })
    const actions: CustomerAction[] = []
    ui.onAction((action) => actions.push(action))
    return { window, ui, actions }
  }

  it('[D3] connect: grants at once without showing the question', async () => {
    const { window, ui, actions } = start({ mode: 'connect' })
    ui.update(ASK)
    await vi.advanceTimersByTimeAsync(0)
    expect(actions).toEqual([{ type: 'accept' }])
    expect(window.views).toEqual([])
  })

  it('[D3] ask-then-connect: asks, and grants when nobody answers within askSeconds', async () => {
    const { window, ui, actions } = start({ mode: 'ask-then-connect', askSeconds: 20 })
    ui.update(ASK)
    expect(window.last()).toEqual({
      ...ASK,
      autoAnswer: { answer: 'accept', deadline: Date.now() + 20_000 },
    })
    await vi.advanceTimersByTimeAsync(19_900)
    expect(actions).toEqual([])
    await vi.advanceTimersByTimeAsync(200)
    expect(actions).toEqual([{ type: 'accept' }])
  })

  it('[D3] ask-then-connect: the customer’s own answer wins', async () => {
    const { window, ui, actions } = start({ mode: 'ask-then-connect', askSeconds: 20 })
    ui.update(ASK)
    window.act({ type: 'decline' })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(actions).toEqual([{ type: 'decline' }])
  })

  it('[D3] always-ask: asks, and declines when nobody answers', async () => {
    const { window, ui, actions } = start({ mode: 'always-ask' })
    ui.update(ASK)
    expect(window.last()).toEqual({
      ...ASK,
      autoAnswer: { answer: 'decline', deadline: Date.now() + ALWAYS_ASK_SECONDS * 1_000 },
    })
    await vi.advanceTimersByTimeAsync(ALWAYS_ASK_SECONDS * 1_000 - 100)
    expect(actions).toEqual([])
    await vi.advanceTimersByTimeAsync(200)
    expect(actions).toEqual([{ type: 'decline' }])
  })

  it('[D3] always-ask: a customer who accepts is connected', async () => {
    const { window, ui, actions } = start({ mode: 'always-ask' })
    ui.update(ASK)
    window.act({ type: 'accept' })
    await vi.advanceTimersByTimeAsync(ALWAYS_ASK_SECONDS * 1_000 * 2)
    expect(actions).toEqual([{ type: 'accept' }])
  })

  it('passes every other view and action through', () => {
    const { window, ui, actions } = start({ mode: 'connect' })
    ui.update({ type: 'ended', reason: 'customer' })
    window.act({ type: 'end' })
    expect(window.last()).toEqual({ type: 'ended', reason: 'customer' })
    expect(actions).toEqual([{ type: 'end' }])
  })
})
