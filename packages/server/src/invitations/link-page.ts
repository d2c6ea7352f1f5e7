/**
 * The small pages behind /i/<token> when the link does not lead on: expired (or used or
 * withdrawn) in the invitation's language with the company to contact, and unknown. Static
 * HTML styled by the join page's stylesheet (the CSP allows no inline style or script);
 * every value is escaped by the `html` template.
 */
import { type Html, html } from '../http/public-pages/html.js'
import { renderPublicPage } from '../http/public-pages/page-shell.js'
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

function page(language: InvitationLanguage, title: string, body: Html): string {
  return renderPublicPage({
    language,
    title,
    stylesheets: [JOIN_STYLESHEET_PATH],
    head: null,
    header: null,
    heading: title,
    body,
    languageSwitch: null,
  })
}
