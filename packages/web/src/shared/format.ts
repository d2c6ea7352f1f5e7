/** Display formatting shared by the web apps: countdowns, dates, durations. */

/** Time left as `m:ss`, or `h:mm:ss` from an hour up; never negative. */
export function formatCountdown(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds / 1000))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  const ss = String(seconds).padStart(2, '0')
  if (hours === 0) return `${minutes}:${ss}`
  return `${hours}:${String(minutes).padStart(2, '0')}:${ss}`
}

/** A wait in words ("45 seconds", "5 minutes", "2 hours"), rounded up, in the given locale. */
export function formatDuration(seconds: number, locale: string): string {
  const whole = Math.max(1, Math.ceil(seconds))
  const [value, unit] =
    whole < 60
      ? [whole, 'second']
      : whole < 3600
        ? [Math.ceil(whole / 60), 'minute']
        : [Math.ceil(whole / 3600), 'hour']
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value)
}

/** An ISO time in the viewer's time zone; '—' for none and the raw text when unparsable. */
export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (iso === null || iso === undefined || iso === '') return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date)
}
