/** Changes the operator's own password; the server ends their other sessions. */
import { useState } from 'preact/hooks'

import { useAuth } from '../../auth-context'
import { ErrorAlert, Notice } from '../../components/alert'
import { TextField } from '../../components/field'
import { useI18n } from '../../i18n-context'
import { useAction } from '../../use-action'
import { useNotice } from '../../use-notice'
import { useChecks } from '../../use-checks'
import * as validate from '../../validate'

export function PasswordForm() {
  const { t } = useI18n()
  const { api } = useAuth()
  const action = useAction()
  const checks = useChecks()
  const [currentPassword, setCurrentPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const notice = useNotice()

  const problems = {
    'password-current': validate.required(currentPassword, t('field.currentPassword')),
    'password-new': validate.password(newPassword, t('field.newPassword')),
    'password-confirm': validate.confirmation(confirmation, newPassword),
  }

  const submit = async (event: Event) => {
    event.preventDefault()
    notice.clear()
    if (action.busy || !checks.passes(problems)) return
    const done = await action.run(async () => {
      await api.post('/auth/password', { currentPassword, newPassword })
      return true
    })
    if (done !== true) return
    setCurrentPassword('')
    setNewPassword('')
    setConfirmation('')
    checks.reset()
    notice.show('settings.passwordChanged')
  }

  return (
    <form
      class="form"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-labelledby="password-title"
    >
      <h3 id="password-title">{t('settings.changePassword')}</h3>
      <input
        type="text"
        class="visually-hidden"
        autoComplete="username"
        tabIndex={-1}
        aria-hidden="true"
      />
      <TextField
        id="password-current"
        type="password"
        label={t('field.currentPassword')}
        value={currentPassword}
        autoComplete="current-password"
        error={checks.show(problems['password-current'])}
        onValue={setCurrentPassword}
      />
      <TextField
        id="password-new"
        type="password"
        label={t('field.newPassword')}
        hint={t('field.passwordHint')}
        value={newPassword}
        autoComplete="new-password"
        error={checks.show(problems['password-new'])}
        onValue={setNewPassword}
      />
      <TextField
        id="password-confirm"
        type="password"
        label={t('field.passwordConfirm')}
        value={confirmation}
        autoComplete="new-password"
        error={checks.show(problems['password-confirm'])}
        onValue={setConfirmation}
      />
      <Notice message={notice.text} />
      <ErrorAlert message={action.error} />
      <button type="submit" class="button primary" disabled={action.busy}>
        {action.busy ? t('common.working') : t('settings.changePassword')}
      </button>
    </form>
  )
}
