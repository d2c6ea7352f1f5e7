/**
 * The language of a customer's public page (/join, /s/<slug>, /i/<token>): `?lang=ja|en` when
 * given, else the first of Japanese or English in Accept-Language by preference (q), else
 * English (as the web apps do).
 */
export const PAGE_LANGUAGES = ['ja', 'en'] as const
export type PageLanguage = (typeof PAGE_LANGUAGES)[number]

export function isPageLanguage(value: unknown): value is PageLanguage {
  return value === 'ja' || value === 'en'
}

export function pickPageLanguage(
  chosen: string | undefined,
  acceptLanguage: string | undefined,
): PageLanguage {
  if (isPageLanguage(chosen)) return chosen
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return {
        base: tag.trim().split('-')[0] ?? '',
        weight: q === undefined ? 1 : Number(q),
        index,
      }
    })
    .filter((entry) => Number.isFinite(entry.weight) && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
  return ranked.map((entry) => entry.base).find(isPageLanguage) ?? 'en'
}

/** The language a page's switch link offers. */
export function otherLanguage(language: PageLanguage): PageLanguage {
  return language === 'ja' ? 'en' : 'ja'
}

/** `path` in the other language: the href of a page's language switch. */
export function otherLanguageHref(path: string, language: PageLanguage): string {
  return `${path}?lang=${otherLanguage(language)}`
}
