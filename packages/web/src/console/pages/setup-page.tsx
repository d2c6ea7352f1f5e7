/** First run: the company and its first administrator, with the token the server printed. */
import { useState } from 'preact/hooks'

import { useAuth } from '../auth-context'
import { ErrorAlert } from '../components/alert'
import { TextField } from '../components/field'
import { NavLink } from '../components/nav-link'
import { PublicLayout } from '../components/public-layout'
import { useI18n } from '../i18n-context'
import { navigate } from '../router'
import type { SignedIn } from '../types'
import { useAction } from '../use-action'
import { useChecks } from '../use-checks'
import * as validate from '../validate'

export function SetupPage({ token }: { readonly token: string | null }) {
  const { t } = useI18n()
  const { api, setMe } = useAuth()
  const action = useAction({ signOutOn401: false })
  const checks = useChecks()
  const [tenantName, setTenantName] = useState('')
  const [tenantSlug, setTenantSlug] = useState('')
  const [isSlugEdited, setSlugEdited] = useState(false)
  const [adminName, setAdminName] = useState('')
  const [adminEmail, setAdminEmail] = useState('')
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')

  if (token === null || token === '') {
    return (
      <PublicLayout title={t('setup.title')}>
        <div class="alert alert-error" role="alert">
          {t('setup.missingToken')}
        </div>
      </PublicLayout>
    )
  }

  const problems = {
    'setup-tenant-name': validate.required(tenantName, t('setup.tenantName')),
    'setup-tenant-slug': validate.slug(tenantSlug, t('setup.tenantSlug')),
    'setup-admin-name': validate.required(adminName, t('setup.adminName')),
    'setup-admin-email': validate.email(adminEmail, t('field.email')),
    'setup-password': validate.password(password, t('field.password')),
    'setup-password-confirm': validate.confirmation(confirmation, password),
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    if (action.busy || !checks.passes(problems)) return
    const result = await action.run(() =>
      api.post<SignedIn>('/setup', {
        token,
        tenantName: tenantName.trim(),
        tenantSlug,
        adminName: adminName.trim(),
        adminEmail: adminEmail.trim(),
        password,
      }),
    )
    if (result === undefined) return
    setMe(result)
    navigate('/sessions', { replace: true })
  }

  return (
    <PublicLayout title={t('setup.title')} intro={t('setup.intro')}>
      <form class="form" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset>
          <legend>{t('setup.company')}</legend>
          <TextField
            id="setup-tenant-name"
            label={t('setup.tenantName')}
            value={tenantName}
            autoComplete="organization"
            autoFocus
            required
            maxLength={200}
            error={checks.show(problems['setup-tenant-name'])}
            onValue={(value) => {
              setTenantName(value)
              if (!isSlugEdited) setTenantSlug(validate.suggestSlug(value))
            }}
          />
          <TextField
            id="setup-tenant-slug"
            label={t('setup.tenantSlug')}
            hint={t('setup.tenantSlugHint')}
            value={tenantSlug}
            autoComplete="off"
            required
            maxLength={40}
            error={checks.show(problems['setup-tenant-slug'])}
            onValue={(value) => {
              setSlugEdited(true)
              setTenantSlug(value.toLowerCase())
            }}
          />
        </fieldset>
        <fieldset>
          <legend>{t('setup.admin')}</legend>
          <TextField
            id="setup-admin-name"
            label={t('setup.adminName')}
            value={adminName}
            autoComplete="name"
            required
            maxLength={100}
            error={checks.show(problems['setup-admin-name'])}
            onValue={setAdminName}
          />
          <TextField
            id="setup-admin-email"
            type="email"
            label={t('field.email')}
            value={adminEmail}
            autoComplete="email"
            required
            error={checks.show(problems['setup-admin-email'])}
            onValue={setAdminEmail}
          />
          <TextField
            id="setup-password"
            type="password"
            label={t('field.password')}
            hint={t('field.passwordHint')}
            value={password}
            autoComplete="new-password"
            required
            error={checks.show(problems['setup-password'])}
            onValue={setPassword}
          />
          <TextField
            id="setup-password-confirm"
            type="password"
            label={t('field.passwordConfirm')}
            value={confirmation}
            autoComplete="new-password"
            required
            error={checks.show(problems['setup-password-confirm'])}
            onValue={setConfirmation}
          />
        </fieldset>
        <ErrorAlert message={action.error} />
        {action.failure?.code === 'already-set-up' ? (
          <p>
            <NavLink href="/login">{t('login.submit')}</NavLink>
          </p>
        ) : null}
        <button type="submit" class="button primary block" disabled={action.busy}>
          {action.busy ? t('common.working') : t('setup.submit')}
        </button>
      </form>
    </PublicLayout>
  )
}
