/**
 * The small pages behind /i/<token> when the link does not lead on: expired (or used or
 * withdrawn) in the invitation's language with the company to contact, and unknown. Static
 * HTML styled by the join page's stylesheet (the CSP allows no inline style or script);
 * every value is escaped by the `html` template.
 */
import { html } from '../join/html.js'
import { JOIN_STYLESHEET_PATH } from '../join/page.js'
import type { InvitationLanguage } from '../store/schema.js'

const TEXTS = {
  ja: {
    expiredTitle: 'リンクの有効期限が切れています',
    expired: (company: string) =>
      `このリンクは有効期限が切れたか、すでに使われたか、取り消されたため、使えません。サポートが必要な場合は ${company} にお問い合わせください。新しいご案内をお送りします。`,
    unknownTitle: 'リンクが見つかりません',
    unknown:
      'このリンクは正しくないか、もう存在しません。メールに書かれたリンクをそのまま開いたかご確認のうえ、サポート担当の会社にお問い合わせください。',
  },
  en: {
    expiredTitle: 'This link has expired',
    expired: (company: string) =>
      `This link can no longer be used: it has expired, was already used or was withdrawn. If you still need help, please contact ${company} for a new invitation.`,
    unknownTitle: 'Link not found',
    unknown:
      'This link is not valid or no longer exists. Check that you opened the link exactly as it is in the e-mail, and contact the company that supports you.',
  },
} as const

export function renderExpiredLink(language: InvitationLanguage, companyName: string): string {
  const t = TEXTS[language]
  return page(
    language,
    t.expiredTitle,
    html`<p class="problem" data-testid="invitation-expired">${t.expired(companyName)}</p>
      <p class="code-label" data-testid="invitation-company">${companyName}</p>`,
  )
}

export function renderUnknownLink(language: InvitationLanguage): string {
  const t = TEXTS[language]
  return page(
    language,
    t.unknownTitle,
    html`<p class="problem" data-testid="invitation-unknown">${t.unknown}</p>`,
  )
}

function page(language: InvitationLanguage, title: string, body: ReturnType<typeof html>): string {
  return html`<!doctype html>
    <html lang="${language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${title}</title>
        <link rel="stylesheet" href="${JOIN_STYLESHEET_PATH}" />
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.value
}
