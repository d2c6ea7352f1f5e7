/**
 * The join page's language: `?lang=ja|en` when given, else the first of Japanese or English
 * in Accept-Language by preference (q), else English (as the web apps do).
 */
export const JOIN_LANGUAGES = ['ja', 'en'] as const
export type JoinLanguage = (typeof JOIN_LANGUAGES)[number]

export function isJoinLanguage(value: unknown): value is JoinLanguage {
  return value === 'ja' || value === 'en'
}

export function pickJoinLanguage(
  chosen: string | undefined,
  acceptLanguage: string | undefined,
): JoinLanguage {
  if (isJoinLanguage(chosen)) return chosen
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
  return ranked.map((entry) => entry.base).find(isJoinLanguage) ?? 'en'
}
