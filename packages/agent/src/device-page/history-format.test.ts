import { describe, expect, it } from 'vitest'

import type { DeviceSessionInfo } from '../install/device-info.js'
import { INSTALL_MESSAGES } from '../install/install-messages.js'
import {
  durationText,
  localTimeText,
  outcomeText,
  policyText,
  problemText,
} from './history-format.js'

const session = (over: Partial<DeviceSessionInfo>): DeviceSessionInfo => ({
  sessionId: 's',
  operatorName: 'Op',
  startedAt: new Date('2026-11-26T05:04:00Z'),
  endedAt: new Date('2026-11-26T05:16:30Z'),
  outcome: 'completed',
  ...over,
})

describe('history words and figures', () => {
  it('writes local date and time in the given zone', () => {
    const date = new Date('2026-11-26T15:04:59Z')
    expect(localTimeText(date, 'Asia/Tokyo')).toBe('2026-11-27 00:04')
    expect(localTimeText(date, 'UTC')).toBe('2026-11-26 15:04')
  })

  it('gives durations of connected sessions, a dash for those never connected', () => {
    expect(durationText(session({}), 'en')).toBe('12 min')
    expect(durationText(session({}), 'ja')).toBe('12分')
    const long = session({ endedAt: new Date('2026-11-26T07:20:00Z') })
    expect(durationText(long, 'en')).toBe('2 h 16 min')
    expect(durationText(long, 'ja')).toBe('2時間16分')
    const short = session({ endedAt: new Date('2026-11-26T05:04:20Z') })
    expect(durationText(short, 'ja')).toBe('1分未満')
    expect(durationText(session({ outcome: 'declined' }), 'en')).toBe('—')
    expect(durationText(session({ outcome: null, endedAt: null }), 'ja')).toBe('接続中')
  })

  it('names outcomes and policies in both languages', () => {
    expect(outcomeText('completed', 'ja')).toBe('完了')
    expect(outcomeText('declined', 'en')).toBe('declined')
    expect(outcomeText(null, 'en')).toBe('in progress')
    expect(policyText({ mode: 'connect' }, 'ja')).toBe('すぐに接続')
    expect(policyText({ mode: 'always-ask' }, 'ja')).toBe('毎回確認')
    expect(policyText({ mode: 'ask-then-connect', askSeconds: 30 }, 'ja')).toMatch(/^30 秒後に接続/)
    expect(policyText({ mode: 'ask-then-connect', askSeconds: 30 }, 'en')).toMatch(/30 seconds/)
    expect(problemText({ kind: 'revoked' }, 'en')).toMatch(/revoked/)
    expect(problemText({ kind: 'unreachable', detail: 'connect ECONNREFUSED' }, 'ja')).toBe(
      'connect ECONNREFUSED',
    )
  })

  it('writes the status lines: policy, one line per session, or why there is no history', () => {
    const info = {
      deviceName: 'PC',
      tenantName: 'Acme',
      group: 'Shop A',
      policy: { mode: 'connect' } as const,
      enrolledAt: new Date('2026-11-01T00:00:00Z'),
      sessions: [session({ operatorName: '佐藤 花子' }), session({ outcome: 'declined' })],
    }
    const en = INSTALL_MESSAGES.en.history(info).split('\n')
    expect(en.slice(0, 3)).toEqual([
      'Group: Shop A',
      'Access: Connect at once',
      'Connection history:',
    ])
    expect(en[3]).toMatch(/^ {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2} {2}佐藤 花子 {2}12 min {2}completed$/)
    expect(en[4]).toMatch(/ {2}Op {2}— {2}declined$/)
    expect(INSTALL_MESSAGES.ja.history({ ...info, group: null, sessions: [] })).toBe(
      '接続方法: すぐに接続\n接続履歴: まだありません',
    )
    expect(
      INSTALL_MESSAGES.en.historyUnavailable({ kind: 'unreachable', detail: 'timed out' }),
    ).toBe('offline: history not available (timed out)')
    expect(INSTALL_MESSAGES.ja.historyUnavailable({ kind: 'revoked' })).toBe(
      'オフライン: 接続履歴を取得できません（サポート会社がこのコンピューターを無効にしました）',
    )
  })
})
