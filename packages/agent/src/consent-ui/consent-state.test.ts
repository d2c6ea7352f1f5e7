import { describe, expect, it } from 'vitest'

import { type ConsentView, type CustomerRequest, handleCustomerRequest } from './consent-state.js'

const ASK_CODE: ConsentView = { type: 'ask-code', problem: null }
const ASK_CONSENT: ConsentView = {
  type: 'ask-consent',
  companyName: 'Example Support',
  companyDomain: 'example.co.jp',
  operatorName: 'Sato',
  shares: ['screen', 'control'],
  verificationCode: '123 456',
}
const CONNECTED: ConsentView = {
  type: 'connected',
  operatorName: 'Sato',
  verificationCode: '123 456',
  activity: 'viewing',
  controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
}
const ALL_VIEWS: ConsentView[] = [
  ASK_CODE,
  { type: 'connecting' },
  ASK_CONSENT,
  CONNECTED,
  { type: 'ended', reason: 'operator' },
  { type: 'declined' },
  { type: 'error', message: 'boom' },
]

describe('consent state', () => {
  it('turns a typed number into its canonical form and moves on to connecting', () => {
    expect(handleCustomerRequest(ASK_CODE, { type: 'submit-code', code: '1234 5678' })).toEqual({
      kind: 'act',
      view: { type: 'connecting' },
      action: { type: 'submit-code', code: '12345678' },
    })
    expect(
      handleCustomerRequest(ASK_CODE, { type: 'submit-code', code: '１２３４－５６７８' }),
    ).toMatchObject({ kind: 'act', action: { code: '12345678' } })
  })

  it('refuses a bad number with a problem to show and no action', () => {
    for (const code of ['abc', '1234', '', '123456789']) {
      expect(handleCustomerRequest(ASK_CODE, { type: 'submit-code', code })).toEqual({
        kind: 'refuse-code',
        view: { type: 'ask-code', problem: 'invalid' },
      })
    }
  })

  it('accepts or declines only the consent request on screen', () => {
    expect(handleCustomerRequest(ASK_CONSENT, { type: 'accept' })).toEqual({
      kind: 'act',
      view: { type: 'connecting' },
      action: { type: 'accept' },
    })
    expect(handleCustomerRequest(ASK_CONSENT, { type: 'decline' })).toEqual({
      kind: 'act',
      view: { type: 'declined' },
      action: { type: 'decline' },
    })
  })

  it('ends a session that is connecting or connected', () => {
    for (const view of [{ type: 'connecting' } as const, CONNECTED]) {
      expect(handleCustomerRequest(view, { type: 'end' })).toEqual({
        kind: 'act',
        view: { type: 'ended', reason: 'customer' },
        action: { type: 'end' },
      })
    }
  })

  it('[P6] pauses, resumes and switches view-only in the connected view, each only as a change', () => {
    const paused = handleCustomerRequest(CONNECTED, { type: 'set-paused', paused: true })
    expect(paused).toEqual({
      kind: 'act',
      view: {
        ...CONNECTED,
        controls: { isPaused: true, isViewOnly: false, isClipboardShared: true },
      },
      action: { type: 'set-paused', paused: true },
    })
    if (paused.kind !== 'act') return
    // A second click sent before the page caught up must not flip it back.
    expect(handleCustomerRequest(paused.view, { type: 'set-paused', paused: true })).toEqual({
      kind: 'ignore',
    })
    const viewOnly = handleCustomerRequest(paused.view, { type: 'set-view-only', viewOnly: true })
    expect(viewOnly).toMatchObject({
      kind: 'act',
      view: { controls: { isPaused: true, isViewOnly: true } },
      action: { type: 'set-view-only', viewOnly: true },
    })
    expect(handleCustomerRequest(CONNECTED, { type: 'set-view-only', viewOnly: false })).toEqual({
      kind: 'ignore',
    })
  })

  it('[P9] switches clipboard sharing off and on in the connected view, only as a change', () => {
    const off = handleCustomerRequest(CONNECTED, { type: 'set-clipboard-shared', shared: false })
    expect(off).toMatchObject({
      kind: 'act',
      view: { controls: { isPaused: false, isViewOnly: false, isClipboardShared: false } },
      action: { type: 'set-clipboard-shared', shared: false },
    })
    if (off.kind !== 'act') return
    expect(
      handleCustomerRequest(off.view, { type: 'set-clipboard-shared', shared: false }),
    ).toEqual({ kind: 'ignore' })
    expect(
      handleCustomerRequest(CONNECTED, { type: 'set-clipboard-shared', shared: true }),
    ).toEqual({ kind: 'ignore' })
  })

  it('ignores every request that does not fit the view (no accept without a consent request)', () => {
    const fits: Record<CustomerRequest['type'], ConsentView['type'][]> = {
      'submit-code': ['ask-code'],
      accept: ['ask-consent'],
      decline: ['ask-consent'],
      end: ['connecting', 'connected'],
      'set-paused': ['connected'],
      'set-view-only': ['connected'],
      'set-clipboard-shared': ['connected'],
      'set-shown-applications': ['ask-consent', 'connecting', 'connected'],
      // Only in a connected view that offers file transfer (files-request.test.ts).
      'cancel-transfer': [],
      'set-file-browsing': [],
      'offer-file': [],
      'remove-offer': [],
    }
    const requests: CustomerRequest[] = [
      { type: 'submit-code', code: '12345678' },
      { type: 'accept' },
      { type: 'decline' },
      { type: 'end' },
      { type: 'set-paused', paused: true },
      { type: 'set-view-only', viewOnly: true },
      { type: 'set-clipboard-shared', shared: false },
      { type: 'set-shown-applications', mode: 'chosen', chosen: [] },
      { type: 'cancel-transfer', transferId: 1 },
      { type: 'set-file-browsing', allowed: true },
      { type: 'offer-file', path: '/tmp/x' },
      { type: 'remove-offer', offerId: 'x' },
    ]
    for (const view of ALL_VIEWS) {
      for (const request of requests) {
        const result = handleCustomerRequest(view, request)
        if (fits[request.type].includes(view.type)) expect(result.kind).toBe('act')
        else expect(result).toEqual({ kind: 'ignore' })
      }
    }
  })
})
