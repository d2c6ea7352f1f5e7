/**
 * The link's expiry written out for people in the mail's language and a named time zone:
 * "2026年11月26日 18:30 (JST)" / "26 November 2026, 18:30 (JST)". The zone is given by its
 * common abbreviation when one exists (JST, CET, EST, UTC), else as an offset (UTC+5:30).
 */
import type { InvitationLanguage } from '../store/schema.js'

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export function formatExpiry(at: Date, language: InvitationLanguage, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: language === 'ja' ? 'numeric' : 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at)
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? ''
  const time = `${part('hour')}:${part('minute')}`
  const zone = zoneLabel(at, timeZone)
  return language === 'ja'
    ? `${part('year')}年${part('month')}月${part('day')}日 ${time} (${zone})`
    : `${part('day')} ${part('month')} ${part('year')}, ${time} (${zone})`
}

/** JST, CET, EST… when some locale names the zone so; otherwise UTC±h[:mm]. */
export function zoneLabel(at: Date, timeZone: string): string {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC'
  for (const locale of ['ja-JP', 'en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value
    if (name !== undefined && /^[A-Z]{2,5}$/.test(name)) return name
  }
  const offset =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(offset)
  if (match === null) return 'UTC'
  const [, sign = '+', hours = '00', minutes = '00'] = match
  return `UTC${sign}${Number(hours)}${minutes === '00' ? '' : `:${minutes}`}`
}
