/**
 * メールで招待 / Invite by e-mail (DESIGN.md S5): the customer's address, the expiry and the
 * mail's language; the server issues a number and mails its link. Shows whether the mail
 * was sent or why not, and lists recent invitations with their delivery and a resend button.
 */
import { formatSessionCode } from '@tasuke/protocol'
import { useState } from 'preact/hooks'

import type { Language, MessageKey } from '../../../shared/i18n'
import { useAuth } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { SelectField, TextField } from '../../components/field'
import { StateBadge } from '../../components/state-badge'
import { useI18n } from '../../i18n-context'
import type { SupportSession } from '../../types'
import { type Action, useAction } from '../../use-action'
import { useChecks } from '../../use-checks'
import * as validate from '../../validate'
import { DEFAULT_EXPIRY_MINUTES, EXPIRY_MINUTES } from './new-session'

/** An invitation as GET /api/v1/sessions/invitations answers it (docs/api.md). */
export interface SessionInvitation {
  readonly sessionId: string
  readonly email: string
  readonly language: Language
  readonly timeZone: string
  readonly delivery: 'pending' | 'sent' | 'failed'
  readonly deliveryError: string | null
  readonly attempts: number
  readonly lastAttemptAt: string | null
  readonly createdAt: string
}

/** Existing badge colours: green when sent, red when not delivered, amber while sending. */
const DELIVERY_BADGE: Readonly<Record<SessionInvitation['delivery'], string>> = {
  pending: 'state-waiting',
  sent: 'state-active',
  failed: 'state-cancelled',
}

interface Invited {
  readonly session: SupportSession
  readonly invitation: SessionInvitation
}

interface Props {
  readonly invitations: readonly SessionInvitation[]
  readonly sessions: readonly SupportSession[]
  readonly onChanged: () => void
}

/** The operator's own time zone (the browser's), which the mail's expiry is written in. */
function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/** The API's refusals this form knows in words; others are described generically. */
function failureText(action: Action, t: (key: MessageKey) => string): string | null {
  if (action.failure?.code === 'mail-not-configured') return t('invitations.mailNotConfigured')
  if (action.failure?.code === 'invitation-closed') return t('invitations.closed')
  return action.error
}

export function InviteByEmail({ invitations, sessions, onChanged }: Props) {
  const { t, language } = useI18n()
  const { api } = useAuth()
  const action = useAction()
  const checks = useChecks()
  const [email, setEmail] = useState('')
  const [minutes, setMinutes] = useState<number>(DEFAULT_EXPIRY_MINUTES)
  const [mailLanguage, setMailLanguage] = useState<Language | null>(null)
  const [last, setLast] = useState<Invited | null>(null)
  const timeZone = browserTimeZone()
  const chosenLanguage = mailLanguage ?? language

  const problems = { 'invitation-email': validate.email(email, t('field.email')) }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (action.busy || !checks.passes(problems)) return
    const result = await action.run(() =>
      api.post<Invited>('/sessions/invitations', {
        email: email.trim(),
        expiresInMinutes: minutes,
        language: chosenLanguage,
        timeZone,
      }),
    )
    if (result === undefined) return
    setLast(result)
    if (result.invitation.delivery === 'sent') {
      setEmail('')
      checks.reset()
    }
    onChanged()
  }

  return (
    <section class="card invite-by-email" aria-labelledby="invitations-title">
      <h2 id="invitations-title">{t('invitations.title')}</h2>
      <p class="muted">{t('invitations.intro')}</p>
      <form
        class="form-row"
        onSubmit={(event) => void submit(event)}
        noValidate
        data-testid="invitation-form"
      >
        <TextField
          id="invitation-email"
          type="email"
          label={t('invitations.email')}
          value={email}
          autoComplete="off"
          required
          maxLength={validate.EMAIL_MAX_LENGTH}
          error={checks.show(problems['invitation-email'])}
          onValue={setEmail}
          testId="invitation-email"
        />
        <SelectField
          id="invitation-expiry"
          label={t('invitations.expiry')}
          value={String(minutes)}
          options={EXPIRY_MINUTES.map((value) => ({
            value: String(value),
            label: t(`sessions.expiry.${value}` as MessageKey),
          }))}
          hint={t('invitations.timeZone', { zone: timeZone })}
          onValue={(value) => {
            setMinutes(Number(value))
          }}
        />
        <SelectField
          id="invitation-language"
          label={t('invitations.language')}
          value={chosenLanguage}
          options={[
            { value: 'ja', label: t('language.ja') },
            { value: 'en', label: t('language.en') },
          ]}
          onValue={(value) => {
            setMailLanguage(value === 'en' ? 'en' : 'ja')
          }}
        />
        <div class="form-row-submit">
          <button
            type="submit"
            class="button primary"
            disabled={action.busy}
            data-testid="invitation-send"
          >
            {action.busy ? t('common.working') : t('invitations.send')}
          </button>
        </div>
      </form>
      <ErrorAlert message={failureText(action, t)} />
      {last === null ? null : <LastResult invited={last} />}
      <RecentInvitations invitations={invitations} sessions={sessions} onChanged={onChanged} />
    </section>
  )
}

function LastResult({ invited }: { readonly invited: Invited }) {
  const { t, dateTime } = useI18n()
  const { invitation, session } = invited
  const code = formatSessionCode(session.code)
  return invitation.delivery === 'sent' ? (
    <div
      class="alert alert-success"
      role="status"
      data-testid="invitation-result"
      data-delivery="sent"
    >
      {t('invitations.sent', {
        email: invitation.email,
        code,
        time: dateTime(session.expiresAt),
      })}
    </div>
  ) : (
    <div
      class="alert alert-error"
      role="alert"
      data-testid="invitation-result"
      data-delivery="failed"
    >
      {t('invitations.failed', { email: invitation.email, code })}{' '}
      {invitation.deliveryError === null ? null : (
        <span class="invitation-reason">
          {t('invitations.reason', { reason: invitation.deliveryError })}
        </span>
      )}
    </div>
  )
}

function RecentInvitations({ invitations, sessions, onChanged }: Props) {
  const { t, dateTime } = useI18n()
  const { api } = useAuth()
  const resending = useAction()
  const [resendingId, setResendingId] = useState<string | null>(null)
  const byId = new Map(sessions.map((session) => [session.id, session]))
  const shown = invitations.filter((invitation) => byId.has(invitation.sessionId))
  if (shown.length === 0) return null

  const resend = async (sessionId: string) => {
    setResendingId(sessionId)
    await resending.run(() =>
      api.post<{ invitation: SessionInvitation }>(
        `/sessions/${encodeURIComponent(sessionId)}/invitation/resend`,
      ),
    )
    setResendingId(null)
    onChanged()
  }

  return (
    <div class="table-wrap">
      <ErrorAlert message={failureText(resending, t)} />
      <table class="table" data-testid="invitations-table">
        <caption class="visually-hidden">{t('invitations.recent')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('invitations.col.email')}</th>
            <th scope="col">{t('sessions.col.code')}</th>
            <th scope="col">{t('sessions.col.state')}</th>
            <th scope="col">{t('invitations.col.delivery')}</th>
            <th scope="col">{t('sessions.col.expires')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((invitation) => {
            const session = byId.get(invitation.sessionId)
            if (session === undefined) return null
            return (
              <tr
                key={invitation.sessionId}
                data-invitation-session={invitation.sessionId}
                data-delivery={invitation.delivery}
              >
                <td>{invitation.email}</td>
                <td class="mono nowrap">{formatSessionCode(session.code)}</td>
                <td>
                  <StateBadge state={session.state} />
                </td>
                <td>
                  <span
                    class={`badge ${DELIVERY_BADGE[invitation.delivery]}`}
                    title={invitation.deliveryError ?? undefined}
                  >
                    {t(`invitations.delivery.${invitation.delivery}`)}
                  </span>
                  {invitation.deliveryError === null ? null : (
                    <p class="field-error">{invitation.deliveryError}</p>
                  )}
                </td>
                <td class="nowrap">{dateTime(session.expiresAt)}</td>
                <td class="actions">
                  {session.state === 'waiting' ? (
                    <button
                      type="button"
                      class="button secondary small"
                      disabled={resendingId === invitation.sessionId}
                      onClick={() => void resend(invitation.sessionId)}
                      data-testid="invitation-resend"
                    >
                      {resendingId === invitation.sessionId
                        ? t('common.working')
                        : t('invitations.resend')}
                    </button>
                  ) : null}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
