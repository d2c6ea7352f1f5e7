/**
 * The frame every customer page shares (/join, /s/<slug>, /i/<token>): the head with this
 * origin's stylesheets (the CSP allows no inline style or script), kept out of search
 * engines, an optional header, and <main> with the heading, the page's own body and the link
 * to the same page in the other language. Every value is escaped by the `html` template.
 */
import { type Html, html } from './html.js'
import { otherLanguage, type PageLanguage } from './language.js'

export interface PublicPage {
  readonly language: PageLanguage
  readonly title: string
  /** Stylesheets from this origin, in order. */
  readonly stylesheets: readonly string[]
  /** More of the head (scripts, a refresh); null for none. */
  readonly head: Html | null
  /** Above <main> (a tenant's branding); null for none. */
  readonly header: Html | null
  /** The page's <h1>; null when the body brings its own. */
  readonly heading: string | null
  readonly body: Html
  /** The same page in the other language; null for no link. */
  readonly languageSwitch: LanguageSwitch | null
}

export interface LanguageSwitch {
  readonly href: string
  /** The link's text, in the other language ("English", "日本語"). */
  readonly label: string
}

export function renderPublicPage(page: PublicPage): string {
  const { languageSwitch } = page
  return html`<!doctype html>
    <html lang="${page.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${page.title}</title>
        ${page.stylesheets.map((href) => html`<link rel="stylesheet" href="${href}" />`)}
        ${page.head}
      </head>
      <body>
        ${page.header}
        <main>
          ${page.heading === null ? null : html`<h1>${page.heading}</h1>`} ${page.body}
          ${
            languageSwitch === null
              ? null
              : html`<p class="language">
                  <a href="${languageSwitch.href}" hreflang="${otherLanguage(page.language)}"
                    >${languageSwitch.label}</a
                  >
                </p>`
          }
        </main>
      </body>
    </html>`.value
}
