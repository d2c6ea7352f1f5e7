/** An invited operator sets a password and is logged in. */
import { useEffect, useState } from 'preact/hooks'

import { useAuth } from '../auth-context'
import { ErrorAlert } from '../components/alert'
import { TextField } from '../components/field'
import { NavLink } from '../components/nav-link'
import { PublicLayout } from '../components/public-layout'
import { useI18n } from '../i18n-context'
import { navigate } from '../router'
import type { Invitation, SignedIn } from '../types'
import { useAction } from '../use-action'
import { useChecks } from '../use-checks'
import * as validate from '../validate'

export function InvitePage({ token }: { readonly token: string }) {
  const { t, dateTime } = useI18n()
  const { api, setMe } = useAuth()
  const loading = useAction({ signOutOn401: false })
  const action = useAction({ signOutOn401: false })
  const checks = useChecks()
  const [invitation, setInvitation] = useState<Invitation | null>(null)
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const path = `/invitations/${encodeURIComponent(token)}`

  useEffect(() => {
    void loading
      .run(() => api.get<Invitation>(path))
      .then((found) => {
        if (found !== undefined) setInvitation(found)
      })
  }, [path])

  if (invitation === null) {
    return (
      <PublicLayout title={t('invite.titleUnknown')}>
        {loading.error === null ? <p aria-busy="true">{t('invite.loading')}</p> : null}
        <ErrorAlert message={loading.error} />
        {loading.error === null ? null : (
          <p>
            <NavLink href="/login">{t('login.title')}</NavLink>
          </p>
        )}
      </PublicLayout>
    )
  }

  const problems = {
    'invite-password': validate.password(password, t('field.password')),
    'invite-password-confirm': validate.confirmation(confirmation, password),
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (action.busy || !checks.passes(problems)) return
    const result = await action.run(() => api.post<SignedIn>(`${path}/accept`, { password }))
    if (result === undefined) return
    setMe(result)
    navigate('/sessions', { replace: true })
  }

  return (
    <PublicLayout
      title={t('invite.title', { company: invitation.tenantName })}
      intro={t('invite.intro')}
    >
      <form class="form" onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id="invite-name"
          label={t('field.name')}
          value={invitation.displayName}
          readOnly
          onValue={() => undefined}
        />
        <TextField
          id="invite-email"
          type="email"
          label={t('field.email')}
          value={invitation.email}
          autoComplete="username"
          readOnly
          onValue={() => undefined}
        />
        <TextField
          id="invite-password"
          type="password"
          label={t('field.password')}
          hint={t('field.passwordHint')}
          value={password}
          autoComplete="new-password"
          autoFocus
          required
          error={checks.show(problems['invite-password'])}
          onValue={setPassword}
        />
        <TextField
          id="invite-password-confirm"
          type="password"
          label={t('field.passwordConfirm')}
          value={confirmation}
          autoComplete="new-password"
          required
          error={checks.show(problems['invite-password-confirm'])}
          onValue={setConfirmation}
        />
        <p class="muted">{t('invite.expires', { time: dateTime(invitation.expiresAt) })}</p>
        <ErrorAlert message={action.error} />
        <button type="submit" class="button primary block" disabled={action.busy}>
          {action.busy ? t('common.working') : t('invite.submit')}
        </button>
      </form>
    </PublicLayout>
  )
}
