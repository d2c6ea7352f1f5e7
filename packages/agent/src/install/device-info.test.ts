/** The server's answer about this computer is checked before anything of it is shown. */
import { describe, expect, it } from 'vitest'

import { DeviceInfoError, parseDeviceInfo } from './device-info.js'

const SESSION = {
  sessionId: '5f1c1f0e-3a0b-4c55-9a39-1f0a9c0d1e2f',
  operatorName: '佐藤 花子',
  startedAt: '2026-11-26T05:04:00.000Z',
  endedAt: '2026-11-26T05:16:30.000Z',
  outcome: 'completed',
}
const ANSWER = {
  deviceName: 'Reception PC',
  tenantName: 'サンプル株式会社',
  group: 'Shop A',
  policy: { mode: 'ask-then-connect', askSeconds: 30 },
  enrolledAt: '2026-11-01T00:00:00.000Z',
  sessions: [SESSION, { ...SESSION, endedAt: null, outcome: null }],
}

describe('parseDeviceInfo', () => {
  it('reads a good answer, times as dates, a running session without outcome', () => {
    const info = parseDeviceInfo(ANSWER)
    expect(info).toMatchObject({
      deviceName: 'Reception PC',
      tenantName: 'サンプル株式会社',
      group: 'Shop A',
      policy: { mode: 'ask-then-connect', askSeconds: 30 },
    })
    expect(info.enrolledAt.toISOString()).toBe('2026-11-01T00:00:00.000Z')
    expect(info.sessions[0]?.endedAt?.toISOString()).toBe('2026-11-26T05:16:30.000Z')
    expect(info.sessions[1]).toMatchObject({ endedAt: null, outcome: null })
    expect(parseDeviceInfo({ ...ANSWER, group: null, sessions: [] }).group).toBeNull()
  })

  it('keeps an outcome word it does not know as "other", never as text to show', () => {
    const info = parseDeviceInfo({ ...ANSWER, sessions: [{ ...SESSION, outcome: 'exploded' }] })
    expect(info.sessions[0]?.outcome).toBe('other')
  })

  const hostile: [string, unknown, RegExp][] = [
    ['not an object', 'hello', /not an object/],
    ['an array', [ANSWER], /not an object/],
    ['null', null, /not an object/],
    ['no sessions', { ...ANSWER, sessions: undefined }, /sessions is not a list/],
    ['sessions as an object', { ...ANSWER, sessions: { 0: SESSION } }, /not a list/],
    ['too many sessions', { ...ANSWER, sessions: Array(101).fill(SESSION) }, /too long/],
    ['a number for a name', { ...ANSWER, tenantName: 42 }, /tenantName is not a name/],
    ['an empty name', { ...ANSWER, deviceName: '' }, /deviceName is not a name/],
    ['a huge name', { ...ANSWER, tenantName: 'x'.repeat(5000) }, /tenantName is not a name/],
    [
      'a terminal escape in the company',
      { ...ANSWER, tenantName: 'Acme\u001b[2J\u001b[31mPAY NOW' },
      /control characters/,
    ],
    [
      'a bidirectional override in an operator name',
      { ...ANSWER, sessions: [{ ...SESSION, operatorName: 'Bob\u202eevil' }] },
      /control characters/,
    ],
    [
      'a line break in an operator name',
      { ...ANSWER, sessions: [{ ...SESSION, operatorName: 'Bob\nInstalled: no' }] },
      /control characters/,
    ],
    ['a policy that is laxer than any', { ...ANSWER, policy: { mode: 'anything' } }, /policy/],
    [
      'a wait out of range',
      { ...ANSWER, policy: { mode: 'ask-then-connect', askSeconds: 0 } },
      /policy/,
    ],
    ['a date that is not one', { ...ANSWER, enrolledAt: 'yesterday' }, /enrolledAt is not a time/],
    [
      'an impossible date',
      { ...ANSWER, sessions: [{ ...SESSION, startedAt: '2026-13-45T99:99:99Z' }] },
      /startedAt is not a time/,
    ],
    ['a session that is a string', { ...ANSWER, sessions: ['x'] }, /sessions\[0\] is not/],
    [
      'an outcome that is a number',
      { ...ANSWER, sessions: [{ ...SESSION, outcome: 1 }] },
      /outcome is not text/,
    ],
    ['a group that is a number', { ...ANSWER, group: 7 }, /group is not a name/],
  ]
  it.each(hostile)('refuses %s with a DeviceInfoError', (_name, value, message) => {
    expect(() => parseDeviceInfo(value)).toThrow(DeviceInfoError)
    expect(() => parseDeviceInfo(value)).toThrow(message)
  })

  it('refuses a prototype-polluting answer without changing any object', () => {
    const answer: unknown = JSON.parse(
      '{"__proto__":{"polluted":true},"deviceName":"PC","tenantName":"Co","group":null,' +
        '"policy":{"mode":"always-ask"},"enrolledAt":"2026-11-01T00:00:00Z","sessions":[]}',
    )
    const info = parseDeviceInfo(answer)
    expect(info.tenantName).toBe('Co')
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})
