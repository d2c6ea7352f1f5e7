/** Sizes, percentages and time left for the file-transfer panel. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const

/** `1.5 MB`, binary multiples, one decimal above bytes, in the page's locale. */
export function formatBytes(bytes: number, locale: string): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit += 1
  }
  const digits = unit === 0 ? 0 : 1
  const number = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value)
  return `${number} ${UNITS[unit] ?? 'B'}`
}

/** Whole percent done, 0 to 100 (100 for an empty file). */
export function percentDone(done: number, size: number): number {
  if (size <= 0) return 100
  return Math.min(100, Math.floor((done * 100) / size))
}

/** Seconds left at the current speed, or null when it cannot be told. */
export function secondsLeft(
  done: number,
  size: number,
  bytesPerSecond: number | null,
): number | null {
  if (bytesPerSecond === null || bytesPerSecond <= 0) return null
  return Math.max(1, Math.ceil((size - done) / bytesPerSecond))
}
