/** The customer's file-transfer clicks: parsed strictly, applied only to what the view shows. */
import { describe, expect, it } from 'vitest'

import { parseActionRequest } from './action-request.js'
import {
  type ConsentView,
  type FilesView,
  handleCustomerRequest,
  isRevisionFree,
} from './consent-state.js'

const FILES: FilesView = {
  transfers: [
    {
      transferId: 1,
      direction: 'to-customer',
      name: 'a.bin',
      size: 10,
      bytesDone: 5,
      bytesPerSecond: 1,
      secondsLeft: 5,
      state: 'running',
    },
    {
      transferId: 2,
      direction: 'from-customer',
      name: 'b.bin',
      size: 10,
      bytesDone: 10,
      bytesPerSecond: 0,
      secondsLeft: null,
      state: 'completed',
    },
  ],
  browse: 'asking',
  offers: [{ offerId: 'abc', name: 'c.txt', size: 3 }],
}
const CONNECTED: ConsentView = {
  type: 'connected',
  operatorName: 'op',
  verificationCode: null,
  activity: 'viewing',
  controls: { isPaused: false, isViewOnly: false, isClipboardShared: true },
  files: FILES,
}

describe('file-transfer clicks', () => {
  it('parses exactly the known bodies', () => {
    expect(parseActionRequest('{"type":"cancel-transfer","transferId":7,"revision":1}')).toEqual({
      revision: 1,
      request: { type: 'cancel-transfer', transferId: 7 },
    })
    expect(parseActionRequest('{"type":"set-file-browsing","allowed":true,"revision":0}')).toEqual({
      revision: 0,
      request: { type: 'set-file-browsing', allowed: true },
    })
    expect(
      parseActionRequest('{"type":"offer-file","path":"/home/a b/c.txt","revision":2}'),
    ).toEqual({
      revision: 2,
      request: { type: 'offer-file', path: '/home/a b/c.txt' },
    })
    expect(parseActionRequest('{"type":"remove-offer","offerId":"a_B-1","revision":2}')).toEqual({
      revision: 2,
      request: { type: 'remove-offer', offerId: 'a_B-1' },
    })
    const bad = [
      '{"type":"cancel-transfer","transferId":-1,"revision":1}',
      '{"type":"cancel-transfer","transferId":1.5,"revision":1}',
      '{"type":"cancel-transfer","transferId":"1","revision":1}',
      '{"type":"cancel-transfer","revision":1}',
      '{"type":"set-file-browsing","allowed":"yes","revision":1}',
      '{"type":"offer-file","path":"","revision":1}',
      `{"type":"offer-file","path":"${'a'.repeat(4097)}","revision":1}`,
      '{"type":"offer-file","path":"/x","extra":1,"revision":1}',
      '{"type":"remove-offer","offerId":"../x","revision":1}',
      `{"type":"remove-offer","offerId":"${'a'.repeat(65)}","revision":1}`,
    ]
    for (const body of bad) expect(parseActionRequest(body), body.slice(0, 80)).toBeNull()
  })

  it('takes a long offered path past the usual body size, and nothing else that long', () => {
    const path = `/${'あ'.repeat(2000)}`
    const body = JSON.stringify({ type: 'offer-file', path, revision: 1 })
    expect(new TextEncoder().encode(body).byteLength).toBeGreaterThan(4096)
    expect(parseActionRequest(body)?.request).toEqual({ type: 'offer-file', path })
    const padded = `{"type":"set-file-browsing","allowed":true,"revision":1}${' '.repeat(5000)}`
    expect(parseActionRequest(padded)).toBeNull()
  })

  it('[T5] cancels only a transfer shown as running or waiting', () => {
    const cancel = (transferId: number) =>
      handleCustomerRequest(CONNECTED, { type: 'cancel-transfer', transferId }).kind
    expect(cancel(1)).toBe('act')
    expect(cancel(2)).toBe('ignore')
    expect(cancel(99)).toBe('ignore')
  })

  it('[T7] answers browsing only as a change, and shows the answer at once', () => {
    const allowed = handleCustomerRequest(CONNECTED, { type: 'set-file-browsing', allowed: true })
    expect(allowed.kind).toBe('act')
    if (allowed.kind !== 'act' || allowed.view.type !== 'connected') throw new Error('no view')
    expect(allowed.view.files?.browse).toBe('allowed')
    expect(
      handleCustomerRequest(allowed.view, { type: 'set-file-browsing', allowed: true }).kind,
    ).toBe('ignore')
  })

  it('[T8] offers and removes only in a connected view with file transfer', () => {
    expect(handleCustomerRequest(CONNECTED, { type: 'offer-file', path: '/x' }).kind).toBe('act')
    expect(handleCustomerRequest(CONNECTED, { type: 'remove-offer', offerId: 'abc' }).kind).toBe(
      'act',
    )
    expect(handleCustomerRequest(CONNECTED, { type: 'remove-offer', offerId: 'zzz' }).kind).toBe(
      'ignore',
    )
    const withoutFiles: ConsentView = { ...CONNECTED, files: undefined }
    expect(handleCustomerRequest(withoutFiles, { type: 'offer-file', path: '/x' }).kind).toBe(
      'ignore',
    )
    expect(
      handleCustomerRequest({ type: 'connecting' }, { type: 'cancel-transfer', transferId: 1 })
        .kind,
    ).toBe('ignore')
  })

  it('takes file clicks whatever revision the page saw (progress moves it on)', () => {
    expect(isRevisionFree({ type: 'cancel-transfer', transferId: 1 })).toBe(true)
    expect(isRevisionFree({ type: 'set-file-browsing', allowed: false })).toBe(true)
    expect(isRevisionFree({ type: 'accept' })).toBe(false)
  })
})
