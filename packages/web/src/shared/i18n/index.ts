/**
 * Japanese and English for the web apps: picking the language (stored choice, then the
 * browser's), looking messages up with `{placeholders}`, and error answers in words.
 */
import { ApiError } from '../api-client'
import { formatDuration } from '../format'
import { en, type MessageKey, type Messages } from './en'
import { ja } from './ja'

export type { MessageKey, Messages }

export const LANGUAGES = ['ja', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export const MESSAGES: Readonly<Record<Language, Messages>> = { ja, en }

/** Where the chosen language is kept between visits. */
export const LANGUAGE_STORAGE_KEY = 'tasuke.language'

export type Params = Readonly<Record<string, string | number>>

export function isLanguage(value: unknown): value is Language {
  return value === 'ja' || value === 'en'
}

/** The stored choice if any, else the first browser language we speak, else English. */
export function pickLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}

/**
 * The locale for dates and numbers: the browser's own tag when it is in the chosen language
 * (so `en-GB` keeps day-month order), the bare language otherwise.
 */
export function localeFor(language: Language, preferred: readonly string[]): string {
  const match = preferred.find((tag) => tag.toLowerCase().split('-')[0] === language)
  return match ?? language
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const template = MESSAGES[language][key]
  if (params === undefined) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}

/** Labels for the body fields the API names in `400 invalid-request` answers. */
const FIELD_LABELS: Readonly<Record<string, MessageKey>> = {
  tenantName: 'setup.tenantName',
  tenantSlug: 'setup.tenantSlug',
  adminName: 'setup.adminName',
  adminEmail: 'field.email',
  email: 'field.email',
  password: 'field.password',
  currentPassword: 'field.currentPassword',
  newPassword: 'field.newPassword',
  displayName: 'field.name',
  role: 'field.role',
  totpCode: 'field.totpCode',
  name: 'field.name',
  brandColor: 'settings.brandColor',
  logoUrl: 'settings.logoUrl',
  retentionDays: 'settings.retentionDays',
}

function isMessageKey(key: string): key is MessageKey {
  return key in en
}

/** An error (usually an {@link ApiError}) as a sentence for people, in the given language. */
export function describeError(
  language: Language,
  error: unknown,
  locale: string = language,
): string {
  if (!(error instanceof ApiError)) {
    const message = error instanceof Error ? error.message : String(error)
    return translate(language, 'error.unknown', { message })
  }
  switch (error.code) {
    case 'rate-limited':
      return error.retryAfterSeconds === null
        ? translate(language, 'error.rate-limited.noTime')
        : translate(language, 'error.rate-limited', {
            time: formatDuration(error.retryAfterSeconds, locale),
          })
    case 'invalid-request': {
      if (error.field === null) return translate(language, 'error.invalid-request')
      const label = FIELD_LABELS[error.field]
      return translate(language, 'error.invalid-request.field', {
        field: label === undefined ? error.field : translate(language, label),
        message: error.message,
      })
    }
    case 'unexpected-response':
      return translate(language, 'error.unexpected-response', { message: error.message })
    default:
      break
  }
  const key = `error.${error.code}`
  if (isMessageKey(key)) return translate(language, key)
  return error.message === ''
    ? translate(language, 'error.unknown', { message: error.code })
    : error.message
}
