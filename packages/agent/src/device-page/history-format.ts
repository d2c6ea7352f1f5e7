/**
 * The words and figures of the connection history, shared by `tasuke-agent status` and the
 * "About this computer" page: local date and time, duration, outcome and the access policy,
 * in Japanese and English.
 * @module
 */
import type { AccessPolicy } from '@tasuke/protocol'

import type {
  DeviceInfoProblem,
  DeviceSessionInfo,
  SessionOutcomeName,
} from '../install/device-info.js'
import type { Language } from '../i18n/messages.js'

const OUTCOMES: Readonly<Record<Language, Readonly<Record<SessionOutcomeName, string>>>> = {
  ja: {
    completed: '完了',
    declined: '拒否',
    'not-connected': '未接続',
    failed: '失敗',
    cancelled: 'キャンセル',
    expired: '期限切れ',
    other: '終了',
  },
  en: {
    completed: 'completed',
    declined: 'declined',
    'not-connected': 'not connected',
    failed: 'failed',
    cancelled: 'cancelled',
    expired: 'expired',
    other: 'ended',
  },
}

const RUNNING: Readonly<Record<Language, string>> = { ja: '接続中', en: 'in progress' }

/** The outcome in words; a session without one is still running. */
export function outcomeText(outcome: SessionOutcomeName | null, language: Language): string {
  return outcome === null ? RUNNING[language] : OUTCOMES[language][outcome]
}

/** The policy in words: すぐに接続 / N 秒後に接続 / 毎回確認. */
export function policyText(policy: AccessPolicy, language: Language): string {
  switch (policy.mode) {
    case 'connect':
      return language === 'ja' ? 'すぐに接続' : 'Connect at once'
    case 'ask-then-connect':
      return language === 'ja'
        ? `${policy.askSeconds} 秒後に接続（それまでに拒否できます）`
        : `Connect after ${policy.askSeconds} seconds (unless declined before)`
    case 'always-ask':
      return language === 'ja' ? '毎回確認' : 'Always ask'
  }
}

/** `2026-11-26 15:04` in the computer's time zone (or `timeZone`, for tests). */
export function localTimeText(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((item) => item.type === type)?.value ?? '??'
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}

/** How long the session lasted: `—` when it never connected, running while it runs. */
export function durationText(session: DeviceSessionInfo, language: Language): string {
  if (session.outcome === null && session.endedAt === null) return RUNNING[language]
  const connected = session.outcome === 'completed' || session.outcome === 'failed'
  if (session.endedAt === null || !connected) return '—'
  const minutes = Math.floor(
    Math.max(0, session.endedAt.getTime() - session.startedAt.getTime()) / 60_000,
  )
  if (minutes < 1) return language === 'ja' ? '1分未満' : 'under 1 min'
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (language === 'ja') return hours === 0 ? `${rest}分` : `${hours}時間${rest}分`
  return hours === 0 ? `${rest} min` : `${hours} h ${rest} min`
}

/** Why the server's facts are not available, for people. */
export function problemText(problem: DeviceInfoProblem, language: Language): string {
  const ja = language === 'ja'
  switch (problem.kind) {
    case 'unreachable':
      return problem.detail
    case 'revoked':
      return ja
        ? 'サポート会社がこのコンピューターを無効にしました'
        : 'the support company revoked this computer'
    case 'unknown-device':
      return ja
        ? 'サーバーがこのコンピューターを認識していません'
        : 'the server does not know this computer'
    case 'bad-answer':
      return ja
        ? `サーバーの応答を使えません: ${problem.detail}`
        : `the server's answer could not be used: ${problem.detail}`
  }
}
