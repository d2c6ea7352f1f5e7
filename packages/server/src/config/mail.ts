/** The sender of invitation mail (SMTP_URL itself is a service URL, see parse-helpers.ts). */
import type { Fail } from './parse-helpers.js'

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>]+@[^\s@<>]+)>$/

export function parseMailFrom(
  value: string | undefined,
  publicUrl: URL | undefined,
  fail: Fail,
): string {
  if (value === undefined) return `tasuke <noreply@${publicUrl?.hostname ?? 'localhost'}>`
  if (!ADDRESS.test(value) && !NAMED_ADDRESS.test(value)) {
    fail('MAIL_FROM', `must be an address or "Name <address>", got "${value}"`)
  }
  return value
}
