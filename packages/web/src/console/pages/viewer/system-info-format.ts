/** How the viewer shows the customer's system information: uptime in days and hours, sizes in GB. */
import type { SystemInfo } from '@tasuke/protocol'

const SECONDS_PER_HOUR = 3_600
const HOURS_PER_DAY = 24
const BYTES_PER_GB = 1_000_000_000

/** Whole days and the hours left over. */
export function uptimeParts(seconds: number): { days: number; hours: number } {
  const hours = Math.floor(seconds / SECONDS_PER_HOUR)
  return { days: Math.floor(hours / HOURS_PER_DAY), hours: hours % HOURS_PER_DAY }
}

/** Bytes as gigabytes (10^9) with one decimal, in the viewer's locale. */
export function gigabytes(bytes: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(bytes / BYTES_PER_GB)
}

/** `Linux 6.8.0 (x64)`: the OS name, its release and the architecture, what is known of them. */
export function osLine(os: SystemInfo['os']): string {
  const name = [os.platform, os.release].filter((part) => part !== '').join(' ')
  return os.arch === '' ? name : `${name} (${os.arch})`
}
