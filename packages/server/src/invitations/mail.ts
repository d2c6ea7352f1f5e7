/**
 * The セッション割当用メール (DESIGN.md S5): a mail in the customer's language naming the
 * support company and the operator, with the link and the expiry written out. Plain text and
 * HTML; every value in the HTML is escaped by the `html` template; no images, no remote
 * resources, no tracking: the only link is the invitation itself.
 */
import { formatSessionCode } from '@tasuke/protocol'

import { html } from '../http/public-pages/html.js'
import type { MailMessage } from '../mail/mailer.js'
import type { InvitationLanguage } from '../store/schema.js'
import { formatExpiry } from './expiry-text.js'

export interface SessionInvitationMailInput {
  readonly to: string
  readonly language: InvitationLanguage
  readonly companyName: string
  readonly operatorName: string
  readonly link: string
  readonly code: string
  readonly expiresAt: Date
  /** IANA zone the expiry is written in. */
  readonly timeZone: string
}

interface Texts {
  readonly subject: string
  readonly greeting: string
  readonly intro: string
  readonly steps: readonly string[]
  readonly codeLine: string
  readonly validUntil: string
  readonly warning: string
  readonly footer: string
}

function texts(input: SessionInvitationMailInput): Texts {
  const company = input.companyName
  const operator = input.operatorName
  const expiry = formatExpiry(input.expiresAt, input.language, input.timeZone)
  const code = formatSessionCode(input.code)
  if (input.language === 'ja') {
    return {
      subject: `【${company}】リモートサポートのご案内`,
      greeting: 'お客さま',
      intro: `${company} の ${operator} です。リモートサポートのご案内をお送りします。`,
      steps: [
        '下のリンクをクリックし、表示されるページからサポート用プログラムをダウンロードして実行してください。',
        `プログラムの画面で「承諾」をクリックすると、${operator} があなたの画面を見て操作できるようになります。`,
        '接続はいつでも「キャンセル」で終了できます。',
      ],
      codeLine: `セッション番号: ${code}`,
      validUntil: `このリンクは ${expiry} まで有効です。期限を過ぎた場合は ${company} にお問い合わせください。`,
      warning: `ご自身で ${company} にサポートを依頼していない場合は、プログラムを実行せず、このメールを破棄してください。`,
      footer: 'このメールは送信専用です。',
    }
  }
  return {
    subject: `Remote support from ${company}`,
    greeting: 'Hello,',
    intro: `This is ${operator} from ${company}, with the remote support you asked for.`,
    steps: [
      'Click the link below, then download and run the support program from the page it opens.',
      `When the program asks, click “Accept”: ${operator} can then see and control your screen.`,
      'You can end the connection at any time with “Cancel”.',
    ],
    codeLine: `Session number: ${code}`,
    validUntil: `The link is valid until ${expiry}. After that, please contact ${company}.`,
    warning: `If you did not ask ${company} for help yourself, do not run the program and delete this e-mail.`,
    footer: 'Please do not reply to this e-mail.',
  }
}

export function composeSessionInvitationMail(input: SessionInvitationMailInput): MailMessage {
  const t = texts(input)
  const text = [
    t.greeting,
    '',
    t.intro,
    '',
    ...t.steps,
    '',
    input.link,
    '',
    t.codeLine,
    t.validUntil,
    '',
    t.warning,
    '',
    '--',
    input.companyName,
    t.footer,
    '',
  ].join('\n')
  const body = html`<!doctype html>
    <html lang="${input.language}">
      <head>
        <meta charset="utf-8" />
        <title>${t.subject}</title>
      </head>
      <body
        style="margin:0;padding:24px;background:#f4f6f9;color:#1d2733;font-family:system-ui,-apple-system,'Segoe UI','Hiragino Sans',Meiryo,sans-serif;line-height:1.6"
      >
        <div
          style="max-width:36rem;margin:0 auto;padding:24px;background:#ffffff;border-radius:12px"
        >
          <p style="margin:0 0 12px;font-weight:700;font-size:18px">${input.companyName}</p>
          <p>${t.greeting}</p>
          <p>${t.intro}</p>
          <ol>
            ${t.steps.map((step) => html`<li>${step}</li>`)}
          </ol>
          <p style="text-align:center;margin:24px 0">
            <a
              href="${input.link}"
              style="display:inline-block;box-sizing:border-box;max-width:100%;overflow-wrap:anywhere;padding:12px 24px;border-radius:8px;background:#0b6bcb;color:#ffffff;font-weight:700;text-decoration:none"
              >${input.link}</a
            >
          </p>
          <p>${t.codeLine}</p>
          <p><strong>${t.validUntil}</strong></p>
          <p style="color:#8a3b00">${t.warning}</p>
          <hr style="border:0;border-top:1px solid #d5dbe3" />
          <p style="color:#4a5868;font-size:13px">${input.companyName}<br />${t.footer}</p>
        </div>
      </body>
    </html> `
  return { to: input.to, subject: t.subject, text, html: body.value }
}
