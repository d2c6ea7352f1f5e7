import { describe, expect, it } from 'vitest'

import { parseActionRequest } from './action-request.js'

describe('consent page action bodies', () => {
  it('reads the four requests with the revision they were made on', () => {
    expect(parseActionRequest('{"type":"accept","revision":3}')).toEqual({
      revision: 3,
      request: { type: 'accept' },
    })
    expect(parseActionRequest('{"type":"submit-code","code":"1234 5678","revision":0}')).toEqual({
      revision: 0,
      request: { type: 'submit-code', code: '1234 5678' },
    })
    expect(parseActionRequest('{"revision":1,"type":"decline"}')?.request).toEqual({
      type: 'decline',
    })
    expect(parseActionRequest('{"revision":1,"type":"end"}')?.request).toEqual({ type: 'end' })
    expect(parseActionRequest('{"type":"set-paused","paused":true,"revision":4}')).toEqual({
      revision: 4,
      request: { type: 'set-paused', paused: true },
    })
    expect(parseActionRequest('{"type":"set-view-only","viewOnly":false,"revision":2}')).toEqual({
      revision: 2,
      request: { type: 'set-view-only', viewOnly: false },
    })
    expect(
      parseActionRequest('{"type":"set-clipboard-shared","shared":false,"revision":3}'),
    ).toEqual({ revision: 3, request: { type: 'set-clipboard-shared', shared: false } })
  })

  it('refuses anything else', () => {
    const bad = [
      '',
      'accept',
      '{"type":"accept"',
      'null',
      '[]',
      '"accept"',
      '{"type":"accept"}',
      '{"type":"accept","revision":-1}',
      '{"type":"accept","revision":1.5}',
      '{"type":"accept","revision":"1"}',
      '{"type":"accept","revision":1,"extra":true}',
      '{"type":"grant","revision":1}',
      '{"type":"submit-code","revision":1}',
      '{"type":"submit-code","revision":1,"code":12345678}',
      `{"type":"submit-code","revision":1,"code":"${'1'.repeat(65)}"}`,
      '{"type":"__proto__","revision":1}',
      '{"type":"set-paused","revision":1}',
      '{"type":"set-paused","revision":1,"paused":"true"}',
      '{"type":"set-paused","revision":1,"viewOnly":true}',
      '{"type":"set-paused","revision":1,"paused":true,"viewOnly":true}',
      '{"type":"set-view-only","revision":1,"viewOnly":1}',
      '{"type":"set-view-only","viewOnly":true}',
      '{"type":"set-clipboard-shared","revision":1,"shared":"no"}',
      '{"type":"set-clipboard-shared","revision":1,"shared":false,"text":"x"}',
    ]
    for (const body of bad) expect(parseActionRequest(body), body).toBeNull()
  })
})
