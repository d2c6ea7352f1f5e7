/** The invitation e-mail, in Japanese and English (plain text and HTML). */
import type { MailMessage } from '../mail/mailer.js'

export interface InvitationMailInput {
  readonly to: string
  readonly tenantName: string
  readonly displayName: string
  readonly invitedBy: string
  readonly invitationUrl: string
  /** When the link stops working, shown to the reader in UTC. */
  readonly expiresAt: Date
}

export function composeInvitationMail(input: InvitationMailInput): MailMessage {
  const expires = `${input.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const subject = `[tasuke] ${input.tenantName} へのご招待 / Invitation to ${input.tenantName}`
  const text = [
    `${input.displayName} 様`,
    '',
    `${input.invitedBy} さんから、${input.tenantName} のリモートサポート (tasuke) のオペレーターとして招待されました。`,
    '次のリンクを開いてパスワードを設定してください。',
    '',
    input.invitationUrl,
    '',
    `このリンクは ${expires} まで、一度だけ使えます。心当たりがない場合は、このメールを破棄してください。`,
    '',
    '----',
    '',
    `Hello ${input.displayName},`,
    '',
    `${input.invitedBy} invited you to join ${input.tenantName} as an operator of its remote support service (tasuke).`,
    'Open this link to choose your password:',
    '',
    input.invitationUrl,
    '',
    `The link works once, until ${expires}. If you did not expect this, you can ignore this e-mail.`,
    '',
  ].join('\n')
  const e = {
    name: escapeHtml(input.displayName),
    tenant: escapeHtml(input.tenantName),
    by: escapeHtml(input.invitedBy),
    url: escapeHtml(input.invitationUrl),
    expires: escapeHtml(expires),
  }
  const html = `<!doctype html>
<html><body style="font-family: sans-serif; line-height: 1.6">
<div lang="ja">
<p>${e.name} 様</p>
<p>${e.by} さんから、${e.tenant} のリモートサポート (tasuke) のオペレーターとして招待されました。次のリンクを開いてパスワードを設定してください。</p>
<p><a href="${e.url}">${e.url}</a></p>
<p>このリンクは ${e.expires} まで、一度だけ使えます。心当たりがない場合は、このメールを破棄してください。</p>
</div>
<hr>
<div lang="en">
<p>Hello ${e.name},</p>
<p>${e.by} invited you to join ${e.tenant} as an operator of its remote support service (tasuke). Open this link to choose your password:</p>
<p><a href="${e.url}">${e.url}</a></p>
<p>The link works once, until ${e.expires}. If you did not expect this, you can ignore this e-mail.</p>
</div>
</body></html>
`
  return { to: input.to, subject, text, html }
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
