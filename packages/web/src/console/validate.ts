/** Client-side checks of form input, matching the server's rules (docs/api.md). */
import type { MessageKey, Params } from '../shared/i18n'

/** What is wrong with a value, as a message key; null when it is fine. */
export type Problem = { readonly key: MessageKey; readonly params?: Params } | null

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 200
export const EMAIL_MAX_LENGTH = 254
export const RETENTION_MIN_DAYS = 1
export const RETENTION_MAX_DAYS = 3650

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const SLUG = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/
const TOTP_CODE = /^[0-9]{6}$/

export function required(value: string, field: string): Problem {
  return value.trim() === '' ? { key: 'validation.required', params: { field } } : null
}

export function email(value: string, field: string): Problem {
  const trimmed = value.trim()
  if (trimmed === '') return { key: 'validation.required', params: { field } }
  return EMAIL.test(trimmed) && trimmed.length <= EMAIL_MAX_LENGTH
    ? null
    : { key: 'validation.email' }
}

export function password(value: string, field: string): Problem {
  if (value === '') return { key: 'validation.required', params: { field } }
  const length = Array.from(value).length
  return length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH
    ? { key: 'validation.passwordLength' }
    : null
}

export function confirmation(value: string, original: string): Problem {
  return value === original ? null : { key: 'validation.passwordMismatch' }
}

export function slug(value: string, field: string): Problem {
  if (value === '') return { key: 'validation.required', params: { field } }
  return SLUG.test(value) ? null : { key: 'validation.slug' }
}

export function brandColor(value: string): Problem {
  return HEX_COLOUR.test(value) ? null : { key: 'validation.brandColor' }
}

/** An https URL, or nothing at all. */
export function logoUrl(value: string): Problem {
  const trimmed = value.trim()
  if (trimmed === '') return null
  try {
    return new URL(trimmed).protocol === 'https:' ? null : { key: 'validation.logoUrl' }
  } catch {
    return { key: 'validation.logoUrl' }
  }
}

export function retentionDays(value: string): Problem {
  const days = Number(value)
  return /^\d+$/.test(value.trim()) && days >= RETENTION_MIN_DAYS && days <= RETENTION_MAX_DAYS
    ? null
    : { key: 'validation.retentionDays' }
}

export function totpCode(value: string): Problem {
  return TOTP_CODE.test(value.replace(/\s/g, '')) ? null : { key: 'validation.totpCode' }
}

export function dateRange(from: string, to: string): Problem {
  return from !== '' && to !== '' && from > to ? { key: 'validation.dateRange' } : null
}

/**
 * A short name suggested from the company name: ASCII letters and digits joined by
 * hyphens ('Example Support K.K.' → 'example-support-k-k'). Empty when nothing is left
 * (a name in Japanese script), so the person types one.
 */
export function suggestSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
}

/** True when every problem is null. */
export function isValid(problems: Readonly<Record<string, Problem>>): boolean {
  return Object.values(problems).every((problem) => problem === null)
}
