/** "2 minutes ago" in the console's language, for last-seen times. */

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

/** How long ago `iso` was, relative to `nowMs`; null for no time or an unparsable one. */
export function formatRelative(iso: string | null, nowMs: number, locale: string): string | null {
  if (iso === null) return null
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return null
  // A clock a little ahead of the browser's is still "now", not "in 2 seconds".
  const seconds = Math.max(0, Math.round((nowMs - then) / 1000))
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  for (const [unit, size] of UNITS) {
    if (seconds >= size || unit === 'second') {
      return format.format(-Math.floor(seconds / size), unit)
    }
  }
  return null
}
