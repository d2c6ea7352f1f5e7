/**
 * The widget's allowed websites as the admin types them, one per line, checked the way the
 * server checks them (packages/server/src/chat/origins.ts): `https://host[:port]` or http,
 * no path, query, fragment or user; a trailing slash is dropped; duplicates are merged.
 */

/** The most origins one tenant may list (the server's MAX_ALLOWED_ORIGINS). */
export const MAX_ALLOWED_ORIGINS = 50

/** An origin like `https://www.example.com`, or null when the server would refuse it. */
export function normaliseOrigin(value: string): string | null {
  if (value.length > 300) return null
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if (url.username !== '' || url.password !== '') return null
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return null
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value)) return null
  return url.origin
}

export type OriginsCheck =
  | { readonly ok: true; readonly origins: readonly string[] }
  | {
      readonly ok: false
      readonly problem: 'invalid'
      readonly line: number
      readonly text: string
    }
  | { readonly ok: false; readonly problem: 'too-many' }

/** Parses the text area: blank lines are skipped; the first bad line is named (1-based). */
export function parseOrigins(text: string): OriginsCheck {
  const origins: string[] = []
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    if (line === '') continue
    const origin = normaliseOrigin(line)
    if (origin === null) return { ok: false, problem: 'invalid', line: index + 1, text: line }
    if (!origins.includes(origin)) origins.push(origin)
  }
  if (origins.length > MAX_ALLOWED_ORIGINS) return { ok: false, problem: 'too-many' }
  return { ok: true, origins }
}

/** The tag an admin pastes into the company's website. */
export function widgetScriptTag(serverOrigin: string, slug: string): string {
  return `<script src="${serverOrigin}/widget.js" data-tenant="${slug}" async></script>`
}
