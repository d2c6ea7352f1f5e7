/** The console's language: a context holding the choice and helpers bound to it. */
import { createContext } from 'preact'
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks'

import { formatDateTime } from '../shared/format'
import {
  describeError,
  LANGUAGE_STORAGE_KEY,
  type Language,
  localeFor,
  type MessageKey,
  type Params,
  pickLanguage,
  translate,
} from '../shared/i18n'

export interface I18n {
  readonly language: Language
  /** For dates and numbers: the browser's tag in the chosen language. */
  readonly locale: string
  readonly setLanguage: (language: Language) => void
  readonly t: (key: MessageKey, params?: Params) => string
  readonly dateTime: (iso: string | null | undefined) => string
  readonly describe: (error: unknown) => string
}

export const I18nContext = createContext<I18n | null>(null)

export function useI18n(): I18n {
  const value = useContext(I18nContext)
  if (value === null) throw new Error('useI18n outside I18nContext')
  return value
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY)
  } catch {
    return null
  }
}

/** Builds the I18n value; the language follows the browser until the user picks one. */
export function useI18nState(): I18n {
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language]
  const [language, setLanguageState] = useState(() => pickLanguage(storedLanguage(), preferred))
  const setLanguage = useCallback((next: Language) => {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, next)
    } catch {
      // Private mode may refuse storage; the choice still holds for this page.
    }
    setLanguageState(next)
  }, [])
  useEffect(() => {
    document.documentElement.lang = language
  }, [language])
  const locale = localeFor(language, preferred)
  return useMemo(
    () => ({
      language,
      locale,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      dateTime: (iso) => formatDateTime(iso, locale),
      describe: (error) => describeError(language, error, locale),
    }),
    [language, locale, setLanguage],
  )
}
