/** Company settings, the operator's own account, and (for admins) the website chat and API keys. */
import { useAuth, useSignedIn } from '../../auth-context'
import { ErrorAlert } from '../../components/alert'
import { ConfirmButton } from '../../components/confirm-button'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import { ApiKeysSection } from './api-keys-section'
import { ChatSettingsSection } from './chat-settings-section'
import { CompanyForm } from './company-form'
import { PasswordForm } from './password-form'
import { TotpSection } from './totp-section'

export function SettingsPage() {
  const { t } = useI18n()
  const { api, signedOut } = useAuth()
  const { isAdmin, operator } = useSignedIn()
  const action = useAction()

  const logOutEverywhere = async () => {
    const done = await action.run(async () => {
      await api.post('/auth/logout-all')
      return true
    })
    if (done === true) signedOut()
  }

  return (
    <>
      <CompanyForm />
      <section class="card" aria-labelledby="account-title">
        <h2 id="account-title">
          {t('settings.account')} <span class="muted">· {operator.email}</span>
        </h2>
        <div class="columns">
          <PasswordForm />
          <TotpSection />
        </div>
        <div class="danger-zone">
          <div>
            <h3>{t('settings.logoutAll')}</h3>
            <p class="muted">{t('settings.logoutAllHint')}</p>
          </div>
          <ConfirmButton
            label={t('settings.logoutAll')}
            question={t('settings.logoutAllHint')}
            yes={t('settings.logoutAll')}
            no={t('common.cancel')}
            busy={action.busy}
            danger
            onConfirm={() => void logOutEverywhere()}
          />
        </div>
        <ErrorAlert message={action.error} />
      </section>
      {isAdmin ? <ChatSettingsSection /> : null}
      {isAdmin ? <ApiKeysSection /> : null}
    </>
  )
}
