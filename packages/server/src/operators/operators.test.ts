import { describe, expect, it } from 'vitest'

import { composeInvitationMail, escapeHtml } from './invitation-mail.js'
import { operatorChangeProblem } from './operators.js'

describe('operatorChangeProblem', () => {
  const self = { id: 'me', role: 'admin' as const, disabled: 0 }

  it('lets an admin rename themself but not demote or disable themself', () => {
    expect(operatorChangeProblem('me', self, { displayName: 'New' })).toBeNull()
    expect(operatorChangeProblem('me', self, { role: 'admin', disabled: false })).toBeNull()
    expect(operatorChangeProblem('me', self, { role: 'operator' })).toBe('cannot-change-self')
    expect(operatorChangeProblem('me', self, { disabled: true })).toBe('cannot-change-self')
  })

  it('lets an admin change others', () => {
    expect(operatorChangeProblem('me', { ...self, id: 'you' }, { role: 'operator' })).toBeNull()
    expect(operatorChangeProblem('me', { ...self, id: 'you' }, { disabled: true })).toBeNull()
  })
})

describe('invitation mail', () => {
  const mail = composeInvitationMail({
    to: 'bob@example.com',
    tenantName: 'Acme & Co',
    displayName: '<Bob>',
    invitedBy: 'Aiko',
    invitationUrl: 'https://tasuke.test/invite/abc',
    expiresAt: new Date('2026-02-01T09:30:00Z'),
  })

  it('is in Japanese and English, with the link and its expiry in both parts', () => {
    expect(mail.to).toBe('bob@example.com')
    expect(mail.subject).toBe('[tasuke] Acme & Co へのご招待 / Invitation to Acme & Co')
    expect(mail.text).toContain('招待されました')
    expect(mail.text).toContain('invited you')
    expect(mail.text.split('https://tasuke.test/invite/abc')).toHaveLength(3)
    expect(mail.text.split('2026-02-01 09:30 UTC')).toHaveLength(3)
  })

  it('escapes names in the HTML part', () => {
    expect(mail.html).toContain('&lt;Bob&gt;')
    expect(mail.html).toContain('Acme &amp; Co')
    expect(mail.html).not.toContain('<Bob>')
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;')
  })
})
